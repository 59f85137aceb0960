import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies the built portal (server bundle, its migrations and help texts, the web app) into
 * `dir` and returns the copy's root. The tests then run against the build that existed when
 * they started: a rebuild while they run (which empties web/dist and renames every chunk)
 * cannot break pages half way. npm packages are linked, not copied.
 */
export function snapshotBuild(root: string, dir: string): string {
  let problem = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    problem = incompleteBuild(root);
    if (!problem) break;
    // A build is being written right now: give it a moment.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
  if (problem) throw new Error(`The browser tests run the built portal (${problem}): run \`npm run build\` in the repository root first.`);

  const app = path.join(dir, 'app');
  for (const part of ['server/package.json', 'server/dist', 'server/migrations', 'server/src', 'web/dist']) {
    const from = path.join(root, part);
    // Of the server's sources only what it reads at run time (help articles and such), no code.
    const filter = part === 'server/src' ? (f: string) => !/\.tsx?$/.test(f) : undefined;
    if (fs.existsSync(from)) fs.cpSync(from, path.join(app, part), { recursive: true, filter });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  if (fs.existsSync(path.join(root, 'server/node_modules'))) {
    fs.symlinkSync(path.join(root, 'server/node_modules'), path.join(app, 'server/node_modules'), 'dir');
  }
  const copied = incompleteBuild(app);
  if (copied) throw new Error(`The build changed while it was being copied (${copied}); run the tests again.`);
  return app;
}

/** Why the build under `root` cannot be served as it is, or '' when it can. */
function incompleteBuild(root: string): string {
  if (!fs.existsSync(path.join(root, 'server/dist/main.js'))) return 'server/dist/main.js is missing';
  const webDist = path.join(root, 'web/dist');
  const index = path.join(webDist, 'index.html');
  if (!fs.existsSync(index)) return 'web/dist/index.html is missing';
  // Every asset the page names, and every chunk its entry script names, must be there.
  const html = fs.readFileSync(index, 'utf8');
  const named = new Set([...html.matchAll(/\/assets\/([\w.-]+\.(?:js|css))/g)].map((m) => m[1]));
  for (const entry of [...named].filter((f) => f.endsWith('.js'))) {
    const file = path.join(webDist, 'assets', entry);
    if (!fs.existsSync(file)) return `web/dist/assets/${entry} is missing`;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/["'`/]([\w-]+-[\w-]{8}\.(?:js|css))["'`]/g)) named.add(m[1]);
  }
  for (const f of named) if (!fs.existsSync(path.join(webDist, 'assets', f))) return `web/dist/assets/${f} is missing`;
  return '';
}
