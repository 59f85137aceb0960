import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { DEMO_PASSWORD } from './support/env';
import { snapshotBuild } from './support/snapshot';

export { DEMO_PASSWORD };

// The tests' own dates (next Wednesday, today) are reckoned in the browser's zone, Moscow, whatever
// the machine's; the portal's server keeps the machine's zone (read before the change, once).
process.env.PORTAL_E2E_SERVER_TZ ||= Intl.DateTimeFormat().resolvedOptions().timeZone;
process.env.TZ = 'Europe/Moscow';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

// The config is loaded by the runner and again by every worker. The runner prepares the run
// once — a fresh data directory and a snapshot of the build (see support/snapshot.ts) — and
// the workers inherit both through the environment.
if (!process.env.PORTAL_E2E_RUN_DIR) {
  removeOldRuns();
  process.env.E2E_PORT ||= String(freePort(3199));
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-'));
  process.env.PORTAL_E2E_RUN_DIR = runDir;
  process.env.PORTAL_E2E_APP_DIR = process.env.E2E_NO_SNAPSHOT ? root : snapshotBuild(root, runDir);
}
const PORT = Number(process.env.E2E_PORT);
const BASE_URL = `http://localhost:${PORT}`;
const runDir = process.env.PORTAL_E2E_RUN_DIR;
const appDir = process.env.PORTAL_E2E_APP_DIR ?? root;
const dataDir = path.join(runDir, 'data');

/**
 * `preferred` when nothing listens there, otherwise any free port: several runs (or a portal
 * someone started by hand) may share the machine. E2E_PORT, when set, is used as it is.
 */
function freePort(preferred: number): number {
  const probe = `
    const net = require('node:net');
    const any = () => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); }); };
    const s = net.createServer();
    s.once('error', any);
    s.listen(${preferred}, '127.0.0.1', () => { console.log(${preferred}); s.close(); });`;
  const port = Number(spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).stdout.trim());
  if (port && port !== preferred) console.log(`Port ${preferred} is busy: the test portal runs on ${port}.`);
  return port || preferred;
}

/** Runs leave their data and build copy in the temp folder; those older than a day go. */
function removeOldRuns() {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith('portal-e2e-')) continue;
    const dir = path.join(os.tmpdir(), name);
    try {
      if (fs.statSync(dir).mtimeMs < dayAgo) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      /* another run's, or already gone */
    }
  }
}

export default defineConfig({
  testDir: './tests',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  // One server, one database: the tests are independent of their order but run one at a time,
  // so that the (few) server-wide counters such as sign-in failures per address stay predictable.
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    // scripts/test.mjs sets PLAYWRIGHT_JSON_OUTPUT_FILE (which wins); otherwise the report goes to
    // a file rather than being printed among the list reporter's lines.
    ['json', { outputFile: path.join(runDir, 'report.json') }],
  ],
  // Per run, so that runs side by side do not wipe each other's failure screenshots.
  outputDir: path.join(runDir, 'results'),
  use: {
    baseURL: BASE_URL,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1366, height: 860 },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    launchOptions: {
      // Debian's Chromium; never `npx playwright install`.
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'node server/dist/main.js',
    cwd: appDir,
    url: `${BASE_URL}/api/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      DATA_DIR: dataDir,
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      LOCK_ACCOUNT_AFTER: '3',
      LOCK_ADDRESS_AFTER: '50',
      LOCK_MINUTES: '15',
      POLL_MS: '250',
      PUBLIC_URL: BASE_URL,
      // A fresh SQLite database and kept mail, whatever the calling shell has configured.
      DATABASE_URL: '',
      REDIS_URL: '',
      SMTP_URL: '',
      TZ: process.env.PORTAL_E2E_SERVER_TZ,
    },
  },
});
