import type { Compilable } from 'kysely';

/** A progress line on stderr, with the time of day: the figures alone go to stdout. */
export function step(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** The p-th fraction (0.95 for p95) of timings in milliseconds, nearest rank. */
export function pct(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
}

/**
 * p95 and p50 in milliseconds of `runs` calls of `fn`, after `warm` calls given negative indexes
 * (statement caches, pages in memory), one call at a time.
 */
export async function timed(runs: number, fn: (i: number) => Promise<unknown>, warm = 5): Promise<{ p95: number; p50: number }> {
  for (let i = 0; i < Math.min(warm, runs); i++) await fn(-1 - i);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return { p95: pct(ms, 0.95), p50: pct(ms, 0.5) };
}

/** A Kysely statement with its parameters written in, to print beside a figure and rerun by hand. */
export function inline(q: Compilable): string {
  const c = q.compile();
  let i = 0;
  return c.sql.replace(/\?|\$\d+/g, (m) => {
    const v = c.parameters[m === '?' ? i++ : Number(m.slice(1)) - 1];
    return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
  });
}

/**
 * Runs a bench on SQLite, then on PostgreSQL when BENCH_DATABASE_URL is set (BENCH_ONLY=postgres
 * leaves SQLite out), and exits 0 when every run met its targets, 1 when one did not, 2 on a failure.
 */
export function runOnEachDatabase(measure: (pgUrl: string | null) => Promise<boolean>): void {
  const targets: (string | null)[] = [null];
  if (process.env.BENCH_DATABASE_URL) targets.push(process.env.BENCH_DATABASE_URL);
  if (process.env.BENCH_ONLY === 'postgres') targets.shift();
  (async () => {
    let ok = true;
    for (const t of targets) ok = (await measure(t)) && ok;
    return ok ? 0 : 1;
  })().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}

/** A seeded pseudo-random sequence (mulberry32), so every database gets the same data. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A figure of a bench: its target and timings, beside the SQL it runs (and that SQL timed alone). */
export interface Figure {
  name: string;
  target: number;
  p50: number;
  p95: number;
  rawP95: number;
  sql: string;
  note?: string;
}

/** Prints each figure against its target with its SQL indented below; true when all hold. */
export function printFigures(list: Figure[]): boolean {
  let ok = true;
  for (const f of list) {
    const pass = f.p95 <= f.target;
    ok &&= pass;
    console.log(
      `\n${pass ? 'PASS' : 'FAIL'}  ${f.name}: p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms (target ≤ ${f.target} ms); raw SQL alone p95 ${f.rawP95.toFixed(1)} ms${f.note ? `; ${f.note}` : ''}`,
    );
    console.log(
      f.sql
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n'),
    );
  }
  return ok;
}
