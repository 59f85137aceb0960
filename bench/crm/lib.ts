/**
 * Shared plumbing of the CRM benchmark: building, running the real server as a child process,
 * signing in, /proc readings, the printed table. Adapted from bench/foundation.ts, which runs its
 * benchmark when imported and so cannot be imported from.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { spawnServer, stopServer, type ServerChild } from '../server-process.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_PASSWORD = 'bench-pass-123';
export const ADMIN = 'admin@vavilon.example';
export const PORTAL = 'vavilonproject';
export const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL || null;
export const ENTRY = path.resolve(ROOT, process.env.BENCH_SERVER_ENTRY ?? 'server/dist/main.js');

// ---------------------------------------------------------------- small helpers

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function step(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function procStatus(pid: number): { rssMb: number; hwmMb: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

export function cpuTicks(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, 1/100 s
  } catch {
    return 0; // gone
  }
}

/** Busy and total jiffies of the whole machine (all CPUs), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + f[4]!;
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export function selfTicks(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 10_000;
}

/**
 * CPU used by processes other than the bench, the server and (on PostgreSQL) its backends,
 * in % of one core, over a stretch of time: what the shared machine took from the run.
 */
export class LoadMeter {
  private m0 = machineTicks();
  private s0 = selfTicks();
  private own0 = new Map<number, number>();
  private t0 = performance.now();
  constructor(pids: number[]) {
    for (const p of pids) this.own0.set(p, cpuTicks(p));
  }
  /**
   * `pids`: the processes that count as the run's own at its end (PostgreSQL backends come and
   * go with the pools: one that started during the run counts with all its CPU, one that ended is lost).
   */
  otherPct(pids: number[] = [...this.own0.keys()]): number {
    const secs = (performance.now() - this.t0) / 1000;
    const m1 = machineTicks();
    let own = 0;
    for (const p of pids) {
      const t = cpuTicks(p);
      if (t > 0) own += Math.max(0, t - (this.own0.get(p) ?? 0));
    }
    const self = selfTicks() - this.s0;
    return Math.max(0, ((m1.busy - this.m0.busy - own - self) / 100 / secs) * 100);
  }
}

export function loadAvg(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

// ---------------------------------------------------------------- build

function run(cmd: string, args: string[]): { ok: boolean; output: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, ms: performance.now() - t0 };
}

export function build(): void {
  if (process.env.BENCH_SKIP_BUILD) {
    step('BENCH_SKIP_BUILD: using the existing server/dist');
    if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing`);
    return;
  }
  step('building web (npm run build -w web)');
  const web = run('npm', ['run', 'build', '-w', 'web']);
  step(`  web build ${web.ok ? 'ok' : 'FAILED (the CRM API does not need it)'} in ${(web.ms / 1000).toFixed(1)} s`);
  step('building server (npm run build -w server)');
  const server = run('npm', ['run', 'build', '-w', 'server']);
  if (!server.ok) throw new Error(`server build failed:\n${server.output}`);
}

// ---------------------------------------------------------------- workspace and server child

export interface Workspace {
  dataDir: string;
  /** PostgreSQL database of this run, or null on SQLite. */
  databaseUrl: string | null;
  sqliteFile: string;
}

let workspace: Workspace | null = null;
let pgDbName: string | null = null;
let cleaned = false;
const closers: (() => Promise<void>)[] = [];

/** Something to close before the database is dropped (raw connections). */
export function onCleanup(fn: () => Promise<void>): void {
  closers.push(fn);
}

export async function createWorkspace(): Promise<Workspace> {
  const dataDir = fs.mkdtempSync(path.join(process.env.BENCH_TMPDIR ?? os.tmpdir(), 'crm-bench-'));
  let databaseUrl: string | null = null;
  if (PG_ADMIN_URL) {
    pgDbName = `crm_bench_${crypto.randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    await c.query(`create database ${pgDbName}`);
    await c.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${pgDbName}`;
    databaseUrl = u.toString();
  }
  workspace = { dataDir, databaseUrl, sqliteFile: path.join(dataDir, 'portal.db') };
  return workspace;
}

export async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await stopServer();
  for (const c of closers.splice(0)) await c().catch(() => {});
  if (pgDbName && PG_ADMIN_URL && !process.env.BENCH_KEEP_DB) {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    try {
      await c.connect();
      await c.query(`drop database if exists ${pgDbName} with (force)`);
    } catch (e) {
      console.error(`could not drop database ${pgDbName}: ${(e as Error).message}`);
    } finally {
      await c.end().catch(() => {});
    }
  }
  if (workspace && !process.env.BENCH_KEEP_DB) fs.rmSync(workspace.dataDir, { recursive: true, force: true });
  if (process.env.BENCH_KEEP_DB && workspace) console.error(`kept: ${workspace.databaseUrl ?? workspace.sqliteFile}`);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

export type Server = ServerChild;

export async function startServer(ws: Workspace): Promise<Server> {
  return spawnServer({
    root: ROOT,
    entry: ENTRY,
    dataDir: ws.dataDir,
    databaseUrl: ws.databaseUrl,
    demoPassword: DEMO_PASSWORD,
    timeoutMs: 120_000,
    logFile: process.env.BENCH_SERVER_LOG,
  });
}

export { stopServer };

// ---------------------------------------------------------------- HTTP

export interface Session {
  login: string;
  sid: string;
  csrf: string;
  headers: Record<string, string>;
}

export async function signIn(base: string, login: string): Promise<Session> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portal': PORTAL },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  const body = await r.text();
  if (r.status !== 200) throw new Error(`sign-in of ${login} failed: ${r.status} ${body}`);
  const cookies: Record<string, string> = {};
  for (const sc of r.headers.getSetCookie()) {
    const [pair] = sc.split(';');
    const eq = pair!.indexOf('=');
    cookies[pair!.slice(0, eq).trim()] = decodeURIComponent(pair!.slice(eq + 1).trim());
  }
  if (!cookies.sid || !cookies.csrf) throw new Error(`sign-in of ${login} set no sid/csrf cookies`);
  return {
    login,
    sid: cookies.sid,
    csrf: cookies.csrf,
    headers: { cookie: `sid=${cookies.sid}; csrf=${cookies.csrf}`, 'x-portal': PORTAL, 'x-csrf-token': cookies.csrf },
  };
}

/** GET, body read; throws on a non-2xx answer. Returns the client round trip in ms and the parsed body. */
export async function timedGet(base: string, s: Session, url: string): Promise<{ ms: number; body: any }> {
  const t0 = performance.now();
  const r = await fetch(`${base}${url}`, { headers: s.headers });
  const text = await r.text();
  const ms = performance.now() - t0;
  if (r.status !== 200) throw new Error(`GET ${url} as ${s.login}: ${r.status} ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) };
}

// ---------------------------------------------------------------- table

export type Verdict = 'PASS' | 'FAIL' | 'n/a' | 'info' | 'SKIP';
export interface Row {
  metric: string;
  value: string;
  raw: string;
  ratio: string;
  target: string;
  verdict: Verdict;
}

export function printTable(title: string, rows: Row[]): string {
  const head: Record<keyof Row, string> = { metric: 'Metric', value: 'Server p50 / p95', raw: 'Raw SQL p50 / p95', ratio: 'p95 ratio', target: 'Target', verdict: 'Result' };
  const all = [head, ...rows];
  const keys: (keyof Row)[] = ['metric', 'value', 'raw', 'ratio', 'target', 'verdict'];
  const w = Object.fromEntries(keys.map((k) => [k, Math.max(...all.map((r) => r[k].length))])) as Record<keyof Row, number>;
  const line = (r: Record<keyof Row, string>) => `| ${keys.map((k) => (k === 'value' || k === 'raw' || k === 'ratio' ? r[k].padStart(w[k]) : r[k].padEnd(w[k]))).join(' | ')} |`;
  const sep = `|${keys.map((k) => '-'.repeat(w[k] + 2)).join('|')}|`;
  const out = [`\n${title}\n`, line(head), sep, ...rows.map(line)].join('\n');
  console.log(out);
  return out;
}
