#!/usr/bin/env node
// Runs every suite: type checks, lint (ESLint with the portal's boundaries rules, and the rules'
// own tests), the Prettier check, the web's unit tests, server tests (SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set), the build, and the browser tests in Chromium; ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-tests-'));
let passed = 0;
let failed = 0;
const summary = [];

function run(title, cmd, args, opts = {}) {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
  return r.status === 0;
}

function step(title, cmd, args, opts) {
  const ok = run(title, cmd, args, opts);
  if (ok) passed++;
  else failed++;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${title}`);
  return ok;
}

function suite(title, cmd, args, reportFile, count, opts) {
  const ok = run(title, cmd, args, opts);
  let p = 0;
  let f = 0;
  try {
    ({ p, f } = count(JSON.parse(fs.readFileSync(reportFile, 'utf8'))));
  } catch {
    // no report: the runner itself failed
  }
  if (!ok && f === 0) f = 1;
  passed += p;
  failed += f;
  summary.push(`${f ? 'FAIL' : 'ok  '} ${title}: ${p} passed, ${f} failed`);
}

const vitestCount = (j) => ({ p: j.numPassedTests ?? 0, f: (j.numFailedTests ?? 0) + (j.numRuntimeErrorTestSuites ?? 0) });
const playwrightCount = (j) => ({ p: (j.stats?.expected ?? 0) + (j.stats?.flaky ?? 0), f: j.stats?.unexpected ?? 0 });

if (process.env.TEST_DATABASE_URL) console.log(`PostgreSQL run on: ${process.env.TEST_DATABASE_URL}`);

if (step('type check', 'npx', ['tsc', '-p', 'contracts'])) {
  if (step('type check: server', 'npx', ['tsc', '-p', 'server'])) {
    step('type check: web', 'npx', ['tsc', '-p', 'web']);
    step('type check: benches', 'npx', ['tsc', '-p', 'bench']);
  }
}

step('lint', 'npx', ['eslint', '.']);
step('lint rules fail on violations', 'node', ['--test', 'eslint/']);
step('format (prettier --check)', 'npx', ['prettier', '--check', '.']);

const webReport = path.join(tmp, 'web.json');
suite('web unit tests', 'npx', ['vitest', 'run', '--root', 'web', '--reporter=default', '--reporter=json', `--outputFile.json=${webReport}`], webReport, vitestCount);

const serverReport = path.join(tmp, 'server.json');
suite('server tests', 'npx', ['vitest', 'run', '--root', 'server', '--reporter=default', '--reporter=json', `--outputFile.json=${serverReport}`], serverReport, vitestCount);

if (step('build', 'npm', ['run', 'build'])) {
  const e2eReport = path.join(tmp, 'e2e.json');
  suite('browser tests (Chromium)', 'npx', ['playwright', 'test', '--config', 'e2e/playwright.config.ts'], e2eReport, playwrightCount, {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport, PLAYWRIGHT_JSON_OUTPUT_FILE: e2eReport },
  });
}

console.log('\n' + summary.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
