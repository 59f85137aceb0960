/**
 * The real built server as a child process, as the benchmarks run it: a free port, a fresh
 * DATA_DIR or database, the heap limit `npm start` uses, and a wait for /api/healthz.
 * One server at a time; it never outlives the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from '../server/test/http-session.js';
import path from 'node:path';

export interface ServerChild {
  base: string;
  pid: number;
  startupMs: number;
  logTail(): string;
}

export interface SpawnOptions {
  root: string;
  entry: string;
  dataDir: string;
  databaseUrl: string | null;
  demoPassword: string;
  /** Extra node flags (profiling); the heap limit of `npm start` comes first. */
  nodeArgs?: string[];
  timeoutMs: number;
  logFile?: string;
  /** Extra environment of the server (e.g. DB_COUNT_STATEMENTS for a counting run). */
  env?: Record<string, string>;
}

let child: ChildProcess | null = null;

process.on('exit', () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});
export { freePort };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function spawnServer(o: SpawnOptions): Promise<ServerChild> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'PUBLIC_URL', 'HOST', 'PORT', 'DATA_DIR']) delete env[k];
  Object.assign(env, {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: o.dataDir,
    DEMO_PASSWORD: o.demoPassword,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ...o.env,
  });
  const t0 = performance.now();
  const nodeArgs = [
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? '--max-old-space-size=256').split(/\s+/).filter(Boolean),
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : []),
    ...(o.nodeArgs ?? []),
  ];
  const c = spawn(process.execPath, [...nodeArgs, o.entry], { cwd: o.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = c;
  let tail = '';
  const keep = (b: Buffer) => {
    tail = (tail + b.toString()).slice(-4000);
  };
  c.stdout!.on('data', keep);
  c.stderr!.on('data', keep);
  if (o.logFile) {
    const log = fs.createWriteStream(o.logFile, { flags: 'a' });
    c.stdout!.pipe(log);
    c.stderr!.pipe(log);
  }
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    if (c.exitCode !== null) throw new Error(`server exited with ${c.exitCode}:\n${tail}`);
    try {
      const r = await fetch(`${base}/api/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /api/healthz within ${o.timeoutMs / 1000} s:\n${tail}`);
    await sleep(50);
  }
  return { base, pid: c.pid!, startupMs: performance.now() - t0, logTail: () => tail };
}

export async function stopServer(): Promise<void> {
  const c = child;
  child = null;
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((r) => c.once('exit', () => r()));
  c.kill('SIGTERM');
  const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
