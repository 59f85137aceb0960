/**
 * Automation benchmark: the «Speed» targets of stage automation, measured on the server's own
 * code over the data of `data.ts` (100,000 call deals), on SQLite and on PostgreSQL.
 *
 *   npx tsx bench/automation/run.ts                                  (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_SCALE=0.1 BENCH_SECONDS=10 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/automation/run.ts
 *
 * Figures:
 *   latency    — from a stage change (the CRM's own change, committed) to the tasks of the new stage's robots created (≤ 20 ms p95);
 *   throughput — stage changes per second sustained with their robots done (≥ 500/s): on SQLite one process,
 *                on PostgreSQL two server processes moving deals and running the engine side by side;
 *   kill -9    — a process moving deals is killed mid-run, a restarted one finishes the backlog: every task the
 *                rules demand of the committed stage entries exists once, every run exactly once.
 * Exit code 0 when every target holds, 1 when one fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { scoped } from '../../server/src/platform/db/scoped.js';
import { generate, DEALS, type Generated } from './data.js';
import { entriesSince, maxId, move, openBench, runsSince, SCALE, SECONDS, sleep, STAGES, step, tasksSince, moveMany, type Opened } from './lib.js';
import { pct, inline, runOnEachDatabase } from '../measure.js';

const LATENCY_MOVES = Number(process.env.BENCH_LATENCY_MOVES ?? 300);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const tasksAt = (g: Generated, stageId: number) => STAGES.find((s) => g.stages[s.code] === stageId)?.tasks.length ?? 0;

async function timeAlone(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return pct(ms, 0.95);
}

interface Figure {
  name: string;
  pass: boolean;
  text: string;
  sql?: string;
}

/** Deals handed out slice by slice: each phase moves deals no other phase has touched. */
class Deals {
  private next = 0;
  constructor(private ids: number[]) {}
  /** Up to `n` deals, and at most `share` of those left. */
  part(n: number, share: number): number[] {
    return this.take(Math.min(n, Math.floor((this.ids.length - this.next) * share)));
  }
  take(n: number): number[] {
    const out = this.ids.slice(this.next, this.next + n);
    this.next += out.length;
    if (out.length < n) throw new Error(`out of deals: BENCH_SCALE=${SCALE} gives ${this.ids.length}`);
    return out;
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
  return Date.now();
}

async function latency(o: Opened, g: Generated, deals: Deals): Promise<Figure> {
  const targets = ['UNSORTED', 'CONTACT', 'WARM', 'HOT'].map((c) => g.stages[c]!);
  const ids = deals.take(LATENCY_MOVES + 10);
  const ms: number[] = [];
  const moveMs: number[] = [];
  const count = (dealId: number) =>
    scoped(o.ctx)
      .selectFrom('task_crm_link')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity_type', '=', 'deal')
      .where('entity_id', '=', dealId)
      .executeTakeFirstOrThrow();
  for (let i = 0; i < ids.length; i++) {
    const stageId = targets[i % targets.length]!;
    const want = tasksAt(g, stageId);
    const t0 = performance.now();
    await move(o, ids[i]!, stageId);
    const t1 = performance.now();
    for (;;) {
      if (Number((await count(ids[i]!)).n) >= want) break;
      await new Promise((r) => setImmediate(r));
    }
    const t2 = performance.now();
    if (i >= 10) {
      ms.push(t2 - t1);
      moveMs.push(t1 - t0);
    }
  }
  const p95 = pct(ms, 0.95);
  const robots = scoped(o.ctx).selectFrom('automation_rule').selectAll().where('kind', '=', 'robot').where('stage_id', 'in', [targets[0]!]).orderBy('stage_id').orderBy('sort').orderBy('id');
  const open = scoped(o.ctx)
    .selectFrom('automation_run')
    .selectAll()
    .where('entity_type', '=', 'deal')
    .where('entity_id', '=', ids[0]!)
    .where('status', 'in', ['pending', 'scheduled', 'waiting'])
    .orderBy('id');
  const rawRobots = await timeAlone(100, () => robots.execute());
  const rawOpen = await timeAlone(100, () => open.execute());
  return {
    name: 'latency: stage change committed → its robots’ tasks created',
    pass: p95 <= 20,
    text: `p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target ≤ 20 ms) over ${ms.length} moves; the change itself p50 ${pct(moveMs, 0.5).toFixed(1)} ms, p95 ${pct(moveMs, 0.95).toFixed(1)} ms; engine reads alone p95: robots of the stage ${rawRobots.toFixed(2)} ms, open runs of the deal ${rawOpen.toFixed(2)} ms`,
    sql: `${inline(robots)};\n${inline(open)};`,
  };
}

/** How long until every run of stage entries since `since` is done, the entries counted from the outbox. */
async function finished(o: Opened, g: Generated, since: { event: number; run: number }, timeoutMs: number): Promise<{ at: number; expected: number; runs: Record<string, number>; entries: number }> {
  let expected = 0;
  let runs: Record<string, number> = {};
  let entries = 0;
  const at = await until(
    async () => {
      const e = await entriesSince(o, since.event);
      entries = [...e.values()].reduce((a, b) => a + b, 0);
      expected = [...e.entries()].reduce((a, [stage, n]) => a + n * tasksAt(g, stage), 0);
      runs = await runsSince(o, g.pipelineId, since.run);
      return (runs.done ?? 0) >= expected;
    },
    timeoutMs,
    'the runs of the moved deals',
  );
  return { at, expected, runs, entries };
}

async function throughputInProcess(o: Opened, g: Generated, deals: Deals): Promise<Figure> {
  const ids = deals.part(2000 * SECONDS, 0.45);
  const since = { event: await maxId(o, 'domain_event'), run: await maxId(o, 'automation_run') };
  const t0 = Date.now();
  const moved = await moveMany(o, ids, g.stages.CONTACT!, SECONDS, 16);
  const moving = (Date.now() - t0) / 1000;
  const f = await finished(o, g, since, 300_000);
  const rate = moved / ((f.at - t0) / 1000);
  return {
    name: `throughput, one process: ${moved.toLocaleString('en')} stage changes by 16 movers for ${SECONDS} s`,
    pass: rate >= 500 && f.runs.done === f.expected,
    text: `${rate.toFixed(0)} stage changes/s with their robots done (target ≥ 500/s); moved at ${(moved / moving).toFixed(0)}/s, the last robots done ${((f.at - t0) / 1000 - moving).toFixed(1)} s after the last move; runs ${JSON.stringify(f.runs)}, ${f.expected} demanded`,
  };
}

interface Child {
  child: ChildProcess;
  out: string[];
  moved: Promise<number>;
}

function worker(g: Generated, job: { ids?: number[]; stageId?: number; concurrency?: number }): Child {
  let file: string | undefined;
  if (job.ids) {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ids-')), 'ids.json');
    fs.writeFileSync(file, JSON.stringify(job.ids));
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'worker.ts')], {
    cwd: root,
    env: { ...process.env, BENCH_WORKER: JSON.stringify({ url: g.url, ids: file, stageId: job.stageId, seconds: SECONDS, concurrency: job.concurrency ?? 8 }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let resolveMoved: (n: number) => void;
  const moved = new Promise<number>((r) => (resolveMoved = r));
  child.stdout!.on('data', (d) => {
    out.push(String(d));
    const m = String(d).match(/MOVED (\d+)/);
    if (m) resolveMoved(Number(m[1]));
  });
  child.stderr!.on('data', (d) => out.push(String(d)));
  child.on('exit', () => resolveMoved(-1));
  return { child, out, moved };
}

const ready = (c: Child) => until(async () => c.out.join('').includes('READY') || (c.child.exitCode !== null ? Promise.reject(new Error(c.out.join(''))) : false), 120_000, 'a worker to start');
const stop = async (c: Child, signal: NodeJS.Signals) => {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  const gone = new Promise((r) => c.child.once('exit', r));
  c.child.kill(signal);
  await gone;
};

async function throughputTwoProcesses(o: Opened, g: Generated, deals: Deals): Promise<Figure> {
  const ids = deals.part(2000 * SECONDS, 0.45);
  const half = Math.ceil(ids.length / 2);
  const since = { event: await maxId(o, 'domain_event'), run: await maxId(o, 'automation_run') };
  const a = worker(g, { ids: ids.slice(0, half), stageId: g.stages.CONTACT });
  const b = worker(g, { ids: ids.slice(half), stageId: g.stages.CONTACT });
  const t0 = Date.now();
  await Promise.all([ready(a), ready(b)]);
  const moved = (await a.moved) + (await b.moved);
  const moving = (Date.now() - t0) / 1000;
  const f = await finished(o, g, since, 300_000);
  await Promise.all([stop(a, 'SIGTERM'), stop(b, 'SIGTERM')]);
  const rate = moved / ((f.at - t0) / 1000);
  return {
    name: `throughput, two server processes: ${moved.toLocaleString('en')} stage changes, 8 movers in each, ${SECONDS} s`,
    pass: rate >= 500 && f.runs.done === f.expected,
    text: `${rate.toFixed(0)} stage changes/s with their robots done (target ≥ 500/s); moved at ${(moved / moving).toFixed(0)}/s (start-up included), the last robots done ${((f.at - t0) / 1000 - moving).toFixed(1)} s after the last move; runs ${JSON.stringify(f.runs)}, ${f.expected} demanded`,
  };
}

async function killNine(o: Opened, g: Generated, deals: Deals): Promise<Figure> {
  const ids = deals.part(1000 * SECONDS, 0.9);
  const since = { event: await maxId(o, 'domain_event'), run: await maxId(o, 'automation_run'), task: await maxId(o, 'task') };
  const a = worker(g, { ids, stageId: g.stages.HOT });
  await ready(a);
  await sleep((SECONDS * 1000) / 2);
  await stop(a, 'SIGKILL');
  const atKill = await runsSince(o, g.pipelineId, since.run);
  const b = worker(g, {});
  await ready(b);
  const f = await finished(o, g, since, 300_000);
  await sleep(1000); // anything more would show now
  const runs = await runsSince(o, g.pipelineId, since.run);
  const tasks = await tasksSince(o, since.task);
  const dupes = await sql<{
    n: number;
  }>`select count(*) as n from (select rule_id, entry_key from automation_run where portal_id = ${o.portal.id} and id > ${since.run} group by rule_id, entry_key having count(*) > 1) d`.execute(
    o.app.platform.db,
  );
  await stop(b, 'SIGTERM');
  const ok = tasks === f.expected && runs.done === f.expected && Object.keys(runs).length === 1 && Number(dupes.rows[0]!.n) === 0;
  return {
    name: `kill -9 mid-run: ${f.entries.toLocaleString('en')} stage entries committed before the kill, the process restarted`,
    pass: ok,
    text: `done when killed ${atKill.done ?? 0} of ${f.expected}; after the restart: tasks ${tasks} (the rules demand ${f.expected}), runs ${JSON.stringify(runs)}, repeated runs ${dupes.rows[0]!.n}`,
  };
}

async function measure(pgUrl: string | null): Promise<boolean> {
  const t0 = performance.now();
  const g = await generate(pgUrl);
  step(`${g.dialect}: data ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring`);
  const deals = new Deals(g.dealIds);
  const figures: Figure[] = [];
  const o = await openBench(g.url, { workers: true });
  try {
    step(`${g.dialect}: latency`);
    figures.push(await latency(o, g, deals));
    if (g.dialect === 'sqlite') {
      step(`${g.dialect}: throughput in one process`);
      figures.push(await throughputInProcess(o, g, deals));
    }
  } finally {
    await o.close();
  }
  // The processes below move and run the engine; this one only reads.
  const reader = await openBench(g.url, { workers: false });
  try {
    if (g.dialect === 'postgres') {
      step(`${g.dialect}: throughput with two processes`);
      figures.push(await throughputTwoProcesses(reader, g, deals));
    }
    step(`${g.dialect}: kill -9 and restart`);
    figures.push(await killNine(reader, g, deals));
  } finally {
    await reader.close();
  }
  console.log(
    `\n=== ${g.dialect}: ${DEALS.toLocaleString('en')} call deals, robots creating ${STAGES.reduce((a, s) => a + s.tasks.length, 0)} tasks over ${STAGES.length} stages (BENCH_SCALE=${SCALE}, BENCH_SECONDS=${SECONDS}) ===`,
  );
  for (const f of figures) {
    console.log(`\n${f.pass ? 'PASS' : 'FAIL'}  ${f.name}: ${f.text}`);
    if (f.sql)
      console.log(
        f.sql
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
  }
  if (!process.env.BENCH_KEEP) await g.drop();
  else step(`kept: ${g.url}`);
  return figures.every((f) => f.pass);
}

runOnEachDatabase(measure);
