/**
 * Task reports benchmark: a monthly report for a 200-person department (target ≤ 500 ms), on a
 * generated data set (BENCH_TASKS tasks, default 1,000,000, spread over a year), run through the
 * server's own report service in this process, printed beside the raw SQL of the same statement.
 *
 *   npx tsx bench/tasks/report.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/tasks/report.ts
 *
 * The data is written by SQL itself (a recursive CTE on SQLite, generate_series on PostgreSQL).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { actorCtx, systemCtx } from '../../server/src/platform/context.js';
import { addDepartment, addMember, createPortal, setDepartmentHead } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { figuresQuery, taskReport } from '../../server/src/modules/tasks/reports/service.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 1_000_000);
const PEOPLE = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PG_ADMIN = process.env.BENCH_DATABASE_URL || null;
const TARGET_MS = 500;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tasks-'));
  let url = `sqlite:${path.join(dataDir, 'bench.db')}`;
  let dbName: string | null = null;
  if (PG_ADMIN) {
    dbName = `bench_tasks_${crypto.randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
    const u = new URL(PG_ADMIN);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const built = await buildApp(loadConfig({}, { databaseUrl: url, dataDir, logLevel: 'silent' }), { logger: false });
  const db = built.platform.db;
  const dialect = PG_ADMIN ? 'postgres' : 'sqlite';
  try {
    const base = { db, sys: built.platform.sys };
    const portal = await createPortal(base, 'benchtasks', 'Bench');
    const ctx = systemCtx(base, portal);
    const dept = await addDepartment(ctx, 'Отдел продаж', null);
    const head = await addMember(ctx, { email: 'head@bench.test', password: null, firstName: 'Глава', lastName: 'Отдела', departmentId: dept });
    await setDepartmentHead(ctx, dept, head);
    const ids: number[] = [];
    for (let i = 0; i < PEOPLE; i++) ids.push(await addMember(ctx, { email: `u${i}@bench.test`, password: null, firstName: 'Сотрудник', lastName: `№${i}`, departmentId: dept, managerId: head }));
    const first = ids[0]!;
    const t0 = Date.now();
    // Tasks over the year before now: responsible and creator among the 200, a deadline 1–14 days on (none for one in ten),
    // two in five completed (some late), the rest open or deferred.
    const start = Math.floor((Date.now() - 365 * 86_400_000) / 1000) * 1000;
    const span = 365 * 86_400;
    if (dialect === 'sqlite') {
      await sql`insert into task (portal_id, title, description, status, important, creator_id, responsible_id, deadline, allow_change_deadline, task_control, require_result,
        time_spent_seconds, scrum_sort, comments_count, search_text, created_at, updated_at, activity_at, version, closed_at)
        with recursive n(i) as (select 1 union all select i + 1 from n where i < ${TASKS})
        select ${portal.id}, 'Задача ' || i, '', case i % 5 when 0 then 'completed' when 1 then 'completed' when 2 then 'in_progress' when 3 then 'pending' else 'deferred' end, 0,
          ${first} + (i * 7) % ${PEOPLE}, ${first} + i % ${PEOPLE},
          case when i % 10 = 0 then null else strftime('%Y-%m-%dT%H:%M:%fZ', ${start / 1000} + (i * ${span}) / ${TASKS} + ((i * 7) % 14 + 1) * 86400, 'unixepoch') end,
          1, 0, 0, 0, 0, 0, '',
          strftime('%Y-%m-%dT%H:%M:%fZ', ${start / 1000} + (i * ${span}) / ${TASKS}, 'unixepoch'),
          strftime('%Y-%m-%dT%H:%M:%fZ', ${start / 1000} + (i * ${span}) / ${TASKS}, 'unixepoch'),
          strftime('%Y-%m-%dT%H:%M:%fZ', ${start / 1000} + (i * ${span}) / ${TASKS}, 'unixepoch'), 1,
          case when i % 5 < 2 then strftime('%Y-%m-%dT%H:%M:%fZ', ${start / 1000} + (i * ${span}) / ${TASKS} + ((i * 13) % 16) * 86400, 'unixepoch') end
        from n`.execute(db);
    } else {
      await sql`insert into task (portal_id, title, description, status, important, creator_id, responsible_id, deadline, allow_change_deadline, task_control, require_result,
        time_spent_seconds, scrum_sort, comments_count, search_text, created_at, updated_at, activity_at, version, closed_at)
        select ${portal.id}, 'Задача ' || i, '', case i % 5 when 0 then 'completed' when 1 then 'completed' when 2 then 'in_progress' when 3 then 'pending' else 'deferred' end, 0,
          ${first} + (i * 7) % ${PEOPLE}, ${first} + i % ${PEOPLE},
          case when i % 10 = 0 then null else to_timestamp(${start / 1000} + (i::bigint * ${span}) / ${TASKS} + ((i * 7) % 14 + 1) * 86400) end,
          1, 0, 0, 0, 0, 0, '',
          to_timestamp(${start / 1000} + (i::bigint * ${span}) / ${TASKS}), to_timestamp(${start / 1000} + (i::bigint * ${span}) / ${TASKS}), to_timestamp(${start / 1000} + (i::bigint * ${span}) / ${TASKS}), 1,
          case when i % 5 < 2 then to_timestamp(${start / 1000} + (i::bigint * ${span}) / ${TASKS} + ((i * 13) % 16) * 86400) end
        from generate_series(1, ${TASKS}) as i`.execute(db);
    }
    await sql`insert into task_member (portal_id, task_id, user_id, role, status, deadline) select portal_id, id, creator_id, 'creator', status, deadline from task where portal_id = ${portal.id}`.execute(
      db,
    );
    await sql`insert into task_member (portal_id, task_id, user_id, role, status, deadline) select portal_id, id, responsible_id, 'responsible', status, deadline from task where portal_id = ${portal.id} and responsible_id <> creator_id`.execute(
      db,
    );
    await sql`insert into task_time (portal_id, task_id, user_id, started_at, seconds, comment, source, created_at)
      select portal_id, id, responsible_id, created_at, 1800, '', 'manual', created_at from task where portal_id = ${portal.id} and id % 10 = 3`.execute(db);
    await sql.raw(dialect === 'sqlite' ? 'analyze' : 'analyze task; analyze task_member; analyze task_time').execute(db);
    console.log(`data: ${TASKS.toLocaleString('en')} tasks, ${PEOPLE} people in one department, on ${dialect}, written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const headCtx = actorCtx(base, portal, (await actorFor(ctx, head))!);
    const month = new Date(Date.now() - 60 * 86_400_000);
    const from = `${month.toISOString().slice(0, 7)}-01`;
    const last = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    const q = { scope: 'department' as const, id: dept, from, to: last };
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      const s = performance.now();
      const r = await taskReport(headCtx, q);
      if (i >= 3) times.push(performance.now() - s);
      rows = r.rows.length;
      if (i === 0) console.log(`report ${from} — ${last}: ${r.rows.length} rows, totals ${JSON.stringify(r.totals)}`);
    }
    const compiled = (await figuresQuery(headCtx, [head, ...ids], null, `${from}T00:00:00.000Z`, `${last}T23:59:59.999Z`)).compile();
    const raw: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const s = performance.now();
      await db.executeQuery(compiled);
      if (i >= 3) raw.push(performance.now() - s);
    }
    const p = (xs: number[], k: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * k))]!;
    const p95 = p(times, 0.95);
    console.log(`\nmonthly report, ${rows}-person department (as its head, rights applied):`);
    console.log(`  service  p50 ${p(times, 0.5).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms   target ≤ ${TARGET_MS} ms   ${p95 <= TARGET_MS ? 'PASS' : 'FAIL'}`);
    console.log(`  raw SQL  p50 ${p(raw, 0.5).toFixed(1)} ms  p95 ${p(raw, 0.95).toFixed(1)} ms   (the figures statement alone)`);
    console.log(`\n${compiled.sql}\n`);
    process.exitCode = p95 <= TARGET_MS ? 0 : 1;
  } finally {
    await built.close();
    if (dbName) {
      const c = new pg.Client({ connectionString: PG_ADMIN! });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
