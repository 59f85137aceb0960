#!/usr/bin/env node
// `npm run files:move -- --from local --to s3://bucket/prefix` (and back): moves an install's file
// contents between DATA_DIR and an S3-compatible bucket (see server/src/platform/files/move-files.ts).
// Runs the server's sources through tsx, as scripts/portal.mjs does, on the server's environment.
import { register } from 'tsx/esm/api';

register();
const { runMoveFiles } = await import('../server/src/platform/files/move-files.ts');
let code;
try {
  code = await runMoveFiles(process.argv.slice(2));
} catch (err) {
  console.error(`Ошибка: ${err instanceof Error ? err.message : String(err)}`);
  code = 1;
}
process.exit(code);
