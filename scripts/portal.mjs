#!/usr/bin/env node
// `npm run portal -- <command>`: creates and lists the install's portals and names its operators
// (see server/src/modules/operator/cli.ts). Runs the server's sources through tsx, so it works
// right after `npm install`, with or without a build, on the database the server uses.
import { register } from 'tsx/esm/api';

register();
const { runPortalCli } = await import('../server/src/modules/operator/cli.ts');
let code;
try {
  code = await runPortalCli(process.argv.slice(2));
} catch (err) {
  console.error(`Ошибка: ${err instanceof Error ? err.message : String(err)}`);
  code = 1;
}
process.exit(code);
