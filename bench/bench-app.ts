import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type BuiltApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/platform/config.js';
import { freshDatabase } from './fresh-database.js';

/** The portal's app on a bench database: quiet, its processors and jobs polling rarely (the bench drives them). */
export function benchApp(databaseUrl: string, dataDir: string): Promise<BuiltApp> {
  return buildApp(loadConfig({}, { databaseUrl, dataDir, logLevel: 'silent', pollMs: 60_000 }), { logger: false });
}

/**
 * A new database for one run of the bench `what` and the app on it. With BENCH_KEEP=1 the data
 * stay after the run and `say` prints the address to measure them again with (BENCH_REUSE_URL).
 */
export async function freshBenchApp(pgUrl: string | null, what: string, say: (line: string) => void) {
  const db0 = await freshDatabase(pgUrl, what);
  if (process.env.BENCH_KEEP) {
    say(`keeping the data: BENCH_REUSE_URL=${db0.url}`);
    db0.drop = async () => undefined;
  }
  return { db0, app: await benchApp(db0.url, db0.dataDir) };
}

/** The app on the data an earlier run kept (BENCH_REUSE_URL), with a new folder for its files. */
export async function reopenedBenchApp(url: string, what: string): Promise<{ app: BuiltApp; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${what}-`));
  return { app: await benchApp(url, dataDir), dataDir };
}
