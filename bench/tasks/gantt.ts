/**
 * Tasks benchmark, «Гант»: a project of 2,000 tasks with 3,000 dependencies. The Gantt's data
 * (tasks, links, critical path) must load in ≤ 100 ms and moving one task must re-plan its
 * dependents in ≤ 50 ms. Each figure (p50/p95 of the server's own service call, rights
 * included, in this process, HTTP left out) is printed beside the raw SQL of its main statements
 * run through the same connection.
 *
 *   npx tsx bench/tasks/gantt.ts                      SQLite in a temp DATA_DIR
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/tasks/gantt.ts
 *                                                     a fresh database there, dropped afterwards
 *   BENCH_REQUESTS=50 (after BENCH_WARMUP=5), BENCH_TASKS=2000, BENCH_LINKS=3000
 *   BENCH_EXPLAIN=1   also time the two statements apart and print the SQLite plan of the tasks statement
 *
 * Exit code: 0 when both targets pass, 1 when one fails.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { actorCtx, systemCtx, type Ctx } from '../../server/src/platform/context.js';
import { addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { createGroup } from '../../server/src/modules/groups/api.js';
import { viewerFor } from '../../server/src/modules/tasks/access.js';
import { downstream, ganttData, ganttQuery, moveTask } from '../../server/src/modules/tasks/gantt/service.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 2000);
const LINKS = Number(process.env.BENCH_LINKS ?? 3000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const DAY = 86_400_000;

async function database(): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gantt-'));
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) return { url: `sqlite:${path.join(dataDir, 'bench.db')}`, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  const name = `bench_gantt_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    async drop() {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const ms = (ns: bigint) => Number(ns) / 1e6;
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return ms(process.hrtime.bigint() - t0);
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
async function measure(fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await fn(-1 - i);
  const xs: number[] = [];
  for (let i = 0; i < REQUESTS; i++) xs.push(await timed(() => fn(i)));
  return { p50: pct(xs, 50), p95: pct(xs, 95) };
}

/** A random generator with a seed, so every run builds the same project. */
function rng(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

async function main(): Promise<number> {
  const db = await database();
  const config = loadConfig({}, { databaseUrl: db.url, dataDir: db.dataDir, logLevel: 'silent' });
  const built = await buildApp(config, { logger: false });
  const base = { db: built.platform.db, sys: built.platform.sys };
  try {
    const dialect = built.platform.sys.dialect;
    const portal = await createPortal(base, 'benchgantt', 'Bench Gantt');
    const sys = systemCtx(base, portal);
    const people: number[] = [];
    for (let i = 0; i < 20; i++)
      people.push(await addMember(sys, { email: `u${i}@bench.example`, password: 'bench-password-1', firstName: `Имя${i}`, lastName: 'Тестов', role: i === 0 ? 'admin' : 'employee' }));
    const me = people[1]!;
    const ctx: Ctx = actorCtx(base, portal, (await actorFor(sys, me))!);
    const group = await createGroup(ctx, { name: 'Стройка', kind: 'project', memberIds: people.slice(2) });

    // 2,000 tasks in a project over a year, each planned 1–10 days; 3,000 links to earlier tasks nearby (a DAG).
    const rand = rng(42);
    const t0 = Date.parse('2027-01-01T00:00:00Z');
    const now = new Date().toISOString();
    const taskRows = Array.from({ length: TASKS }, (_, i) => {
      const start = t0 + Math.floor((i / TASKS) * 360 + rand() * 5) * DAY;
      const who = people[2 + Math.floor(rand() * 18)]!;
      return {
        portal_id: portal.id,
        title: `Этап ${i + 1}`,
        description: '',
        status: 'pending' as const,
        important: 0,
        creator_id: me,
        responsible_id: who,
        group_id: group.id,
        parent_id: null,
        deadline: null,
        allow_change_deadline: 1,
        task_control: 0,
        require_result: 0,
        start_plan: new Date(start).toISOString(),
        end_plan: new Date(start + (1 + Math.floor(rand() * 10)) * DAY).toISOString(),
        started_at: null,
        closed_at: null,
        closed_by: null,
        estimate_seconds: null,
        time_spent_seconds: 0,
        story_points: null,
        epic_id: null,
        sprint_id: null,
        scrum_sort: 0,
        template_id: null,
        comments_count: 0,
        search_text: '',
        created_at: now,
        updated_at: now,
        activity_at: now,
        version: 1,
      };
    });
    const ids: number[] = [];
    for (let i = 0; i < taskRows.length; i += 200)
      ids.push(
        ...(
          await base.db
            .insertInto('task')
            .values(taskRows.slice(i, i + 200))
            .returning('id')
            .execute()
        ).map((r) => r.id),
      );
    const members = ids.flatMap((id, i) => [
      { portal_id: portal.id, task_id: id, user_id: me, role: 'creator' as const, status: 'pending' as const, deadline: null },
      { portal_id: portal.id, task_id: id, user_id: taskRows[i]!.responsible_id, role: 'responsible' as const, status: 'pending' as const, deadline: null },
    ]);
    for (let i = 0; i < members.length; i += 400)
      await base.db
        .insertInto('task_member')
        .values(members.slice(i, i + 400))
        .execute();
    const pairs = new Set<string>();
    const kinds = ['finish_start', 'finish_start', 'finish_start', 'start_start', 'finish_finish', 'start_finish'] as const;
    const links: { portal_id: number; predecessor_id: number; successor_id: number; kind: (typeof kinds)[number]; created_by: number; created_at: string }[] = [];
    while (links.length < LINKS) {
      const s = 1 + Math.floor(rand() * (TASKS - 1));
      const p = Math.max(0, s - 1 - Math.floor(rand() * 15));
      const key = `${p}:${s}`;
      if (pairs.has(key)) continue;
      pairs.add(key);
      links.push({ portal_id: portal.id, predecessor_id: ids[p]!, successor_id: ids[s]!, kind: kinds[Math.floor(rand() * kinds.length)]!, created_by: me, created_at: now });
    }
    for (let i = 0; i < links.length; i += 400)
      await base.db
        .insertInto('task_dependency')
        .values(links.slice(i, i + 400))
        .execute();

    console.log(`«Гант» bench on ${dialect}: ${TASKS} tasks, ${LINKS} links in one project; ${REQUESTS} runs after ${WARMUP} warm-up, times in ms`);
    const results: { name: string; target: number; p50: number; p95: number; raw: number; rawWhat: string }[] = [];

    // (a) The Gantt's data: tasks with rights, progress and responsible, links, critical path.
    const data = await ganttData(ctx, { groupId: group.id });
    if (data.tasks.length !== TASKS || data.links.length !== LINKS) throw new Error(`expected ${TASKS}/${LINKS}, got ${data.tasks.length}/${data.links.length}`);
    const load = await measure(() => ganttData(ctx, { groupId: group.id }));
    const viewer = await viewerFor(ctx);
    const main = ganttQuery(ctx, viewer).where('task.group_id', '=', group.id).orderBy('task.id').limit(5000).compile();
    const linkSql = base.db
      .selectFrom('task_dependency')
      .select(['id', 'predecessor_id', 'successor_id', 'kind'])
      .where('portal_id', '=', portal.id)
      .where('successor_id', 'in', ids)
      .orderBy('id')
      .compile();
    const rawLoad = await measure(async () => {
      await base.db.executeQuery(main);
      await base.db.executeQuery(linkSql);
    });
    if (process.env.BENCH_EXPLAIN) {
      console.log('tasks statement', (await measure(() => base.db.executeQuery(main))).p50.toFixed(1));
      if (dialect === 'sqlite') console.log((await base.db.executeQuery({ ...main, sql: 'explain query plan ' + main.sql } as never)).rows.map((r: any) => r.detail).join('\n'));
      console.log('links statement', (await measure(() => base.db.executeQuery(linkSql))).p50.toFixed(1));
    }
    results.push({ name: 'Gantt data (2,000 tasks, 3,000 links)', target: 100, ...load, raw: rawLoad.p95, rawWhat: 'tasks with rights and checklist share + links' });

    // (b) Moving one task early in the project by a day: its dependents are pushed as far as they must be.
    let moved = 0;
    let version = 1;
    let shift = 0;
    const target = ids[Math.floor(TASKS * 0.3)]!;
    const row = taskRows[Math.floor(TASKS * 0.3)]!;
    const move = await measure(async () => {
      shift += DAY;
      const r = await moveTask(ctx, target, { startPlan: new Date(Date.parse(row.start_plan) + shift).toISOString(), endPlan: new Date(Date.parse(row.end_plan) + shift).toISOString(), version });
      version = r.moved.find((m) => m.id === target)!.version;
      moved = Math.max(moved, r.moved.length - 1);
    });
    const rawMove = await measure(async () => {
      await downstream(ctx, [target]);
    });
    const cte = sql`with recursive down(id) as (select successor_id from task_dependency where portal_id = ${portal.id} and predecessor_id in (${target}) union select d.successor_id from task_dependency d join down on d.predecessor_id = down.id where d.portal_id = ${portal.id}) select count(*) as n from down`;
    const reach = Number(((await cte.execute(base.db)).rows[0] as { n: number }).n);
    results.push({ name: `Move one task (downstream ${reach}, up to ${moved} pushed)`, target: 50, ...move, raw: rawMove.p95, rawWhat: 'recursive downstream statement' });

    let ok = true;
    for (const r of results) {
      const pass = r.p95 <= r.target;
      ok &&= pass;
      console.log(`${pass ? 'PASS' : 'FAIL'}  ${r.name}: p50 ${r.p50.toFixed(1)}, p95 ${r.p95.toFixed(1)} (target ≤ ${r.target})  |  raw SQL p95 ${r.raw.toFixed(1)} (${r.rawWhat})`);
    }
    console.log(`\nraw SQL of the Gantt's task statement:\n${main.sql}\n`);
    return ok ? 0 : 1;
  } finally {
    await built.close();
    await db.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
