/**
 * Activities benchmark: «Мои дела» of a user with 50,000 activities among 1,000,000, measured on
 * the server's own list function (the route's code without HTTP) on SQLite and on PostgreSQL,
 * each figure beside the raw SQL of its page timed alone.
 *
 *   npx tsx bench/activities/run.ts                              (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_SCALE=0.1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/activities/run.ts
 *
 * Data: one portal, 50 employees in 5 departments, 2,000 deals, 1,000,000 activities bound to the
 * deals (deadlines from 60 days ago to 60 days ahead, the past ones mostly done), 50,000 of them
 * the first employee's. `BENCH_SCALE` makes the activities fewer (the one user's share stays 5 %).
 * Figures: views planned, today and overdue, the first page and a page 10 pages in (≤ 50 ms p95),
 * and the counters of the menu and the filter chips. Exit code 0 when every target holds, 1 when one fails.
 */
import { sql } from 'kysely';
import { ActivityListQuery } from '@vavilon/contracts';
import { buildApp, type BuiltApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { actorCtx, systemCtx, type Ctx, type PortalRow } from '../../server/src/platform/context.js';
import { scoped } from '../../server/src/platform/db/scoped.js';
import { insertRows } from '../../server/src/platform/db/bulk.js';
import { ACTIVITY_COLUMNS, activityRow } from '../rows.js';
import { addDepartment, addMember, createPortal, setDepartmentHead } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { createDeal } from '../../server/src/modules/crm/api.js';
import { activityCounters, bounds, listActivities } from '../../server/src/modules/activities/list.js';
import { freshDatabase } from '../fresh-database.js';
import { inline, pct, step } from '../measure.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const TOTAL = Math.max(20_000, Math.round(1_000_000 * SCALE));
const MINE = Math.round(TOTAL * 0.05);
const USERS = 50;
const DEALS = 2_000;
const DAY = 86_400_000;

class Rng {
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
}

async function time(fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return { p50: pct(ms, 0.5), p95: pct(ms, 0.95) };
}

const TYPES = ['call', 'meeting', 'email', 'todo'] as const;
const SUBJECTS = ['Обсудить КП', 'Согласовать смету', 'Презентация', 'Уточнить сроки', 'Отправить договор', 'Напомнить об оплате', 'Встреча в офисе'];

interface Data {
  app: BuiltApp;
  portal: PortalRow;
  me: Ctx;
  drop(): Promise<void>;
}

async function generate(pgUrl: string | null): Promise<Data> {
  const r = new Rng(20261203);
  const db0 = await freshDatabase(pgUrl, 'activities');
  const config = loadConfig({}, { databaseUrl: db0.url, dataDir: db0.dataDir, logLevel: 'silent', pollMs: 60_000 });
  const app = await buildApp(config, { logger: false });
  const dialect = app.platform.dialect;
  step(`${dialect}: portal, ${USERS} employees, ${DEALS} deals`);
  const { portal, users } = await app.platform.db.transaction().execute(async (tx) => {
    const b = { db: tx, sys: app.platform.sys };
    const portal = await createPortal(b, 'benchact', 'Бенчмарк дел');
    const ctx = systemCtx(b, portal);
    const root = await addDepartment(ctx, 'Компания', null);
    const users: number[] = [];
    for (let d = 0; d < 5; d++) {
      const dep = await addDepartment(ctx, `Отдел ${d + 1}`, root);
      const first = users.length;
      for (let i = 0; i < USERS / 5; i++)
        users.push(
          await addMember(ctx, {
            email: `user${users.length + 1}@bench.example`,
            password: null,
            firstName: 'Сотрудник',
            lastName: `№${users.length + 1}`,
            departmentId: dep,
            role: 'employee',
            managerId: users[first] ?? null,
          }),
        );
      await setDepartmentHead(ctx, dep, users[first]!);
    }
    return { portal, users };
  });
  await app.platform.portals.reload();
  const sys = systemCtx({ db: app.platform.db, sys: app.platform.sys }, portal);
  const deals: { id: number; responsible: number }[] = [];
  for (let i = 0; i < DEALS; i++) {
    const responsible = i % 10 === 0 ? users[0]! : r.pick(users);
    const d = await createDeal(sys, { title: `Сделка №${i + 1}`, responsibleId: responsible });
    deals.push({ id: d.id, responsible });
  }
  step(`${dialect}: ${TOTAL.toLocaleString('en')} activities, ${MINE.toLocaleString('en')} of one employee`);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const CHUNK = 400;
  let made = 0;
  while (made < TOTAL) {
    await app.platform.db.transaction().execute(async (tx) => {
      for (let j = 0; j < 25 && made < TOTAL; j++) {
        const rows: unknown[][] = [];
        for (let k = 0; k < CHUNK && made < TOTAL; k++, made++) {
          const mine = made % 20 === 0;
          const who = mine ? users[0]! : users[1 + r.int(USERS - 1)]!;
          const deal = r.pick(deals);
          const at = now + (r.int(120) - 60) * DAY + r.int(DAY);
          const done = at < now ? r.next() < 0.9 : r.next() < 0.05;
          const type = r.pick(TYPES);
          const deadline = r.next() < 0.03 ? null : iso(at);
          const created = iso(Math.min(now, at) - 5 * DAY);
          rows.push(
            activityRow({
              portal_id: portal.id,
              type,
              direction: type === 'call' ? 'outgoing' : null,
              subject: `${r.pick(SUBJECTS)} №${made + 1}`,
              owner_type: 'deal',
              owner_id: deal.id,
              responsible_id: who,
              start_at: type === 'call' || type === 'meeting' ? deadline : null,
              end_at: type === 'call' || type === 'meeting' ? (deadline ? iso(at + 1800_000) : null) : null,
              deadline,
              completed: done ? 1 : 0,
              completed_at: done ? iso(at) : null,
              completed_by: done ? who : null,
              created_at: created,
            }),
          );
        }
        await insertRows({ db: tx }, 'crm_activity', [...ACTIVITY_COLUMNS], rows);
      }
    });
  }
  // The table as autovacuum leaves it on PostgreSQL: statistics and the visibility map (index-only counts).
  await sql.raw(dialect === 'postgres' ? 'vacuum analyze crm_activity' : 'analyze').execute(app.platform.db);
  const actor = await actorFor(sys, users[0]!);
  return { app, portal, me: actorCtx({ db: app.platform.db, sys: app.platform.sys }, portal, actor!), drop: db0.drop };
}

interface Figure {
  name: string;
  p50: number;
  p95: number;
  raw: number;
  target: number;
  sql: string;
}

async function figures(d: Data): Promise<Figure[]> {
  const out: Figure[] = [];
  const me = d.me;
  const b = await bounds(me);
  const raw = (view: string, after?: { deadline: string; id: number }) => {
    let q = scoped(me).selectFrom('crm_activity').selectAll().where('responsible_id', '=', me.actor!.userId).where('completed', '=', 0);
    if (!after) q = q.where('deadline', 'is not', null);
    if (view === 'today') q = q.where('deadline', '>=', b.dayStart).where('deadline', '<', b.dayEnd);
    if (view === 'overdue') q = q.where('deadline', '<', b.now);
    if (after) q = q.where((eb) => eb(eb.refTuple('deadline', 'id'), '>', eb.tuple(after.deadline, after.id)));
    return q.orderBy('deadline').orderBy('id').limit(51);
  };
  for (const view of ['planned', 'today', 'overdue'] as const) {
    const q = ActivityListQuery.parse({ view });
    const first = await time(() => listActivities(me, q));
    const rawFirst = await time(() => raw(view).execute());
    out.push({ name: `«Мои дела» ${view}, first page`, ...first, raw: rawFirst.p95, target: 50, sql: inline(raw(view)) });
    // A page further on: the cursor of the 10th page (or the last one there is).
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await listActivities(me, ActivityListQuery.parse({ view, cursor: cursor ?? undefined }));
      if (!page.next) break;
      cursor = page.next;
    }
    if (cursor) {
      const [, dl, id] = cursor.split('|');
      const later = await time(() => listActivities(me, ActivityListQuery.parse({ view, cursor: cursor! })));
      const rawLater = await time(() => raw(view, { deadline: dl!, id: Number(id) }).execute());
      out.push({ name: `«Мои дела» ${view}, a page 10 pages in`, ...later, raw: rawLater.p95, target: 50, sql: inline(raw(view, { deadline: dl!, id: Number(id) })) });
    }
  }
  const counters = await time(() => activityCounters(me));
  const rawCount = scoped(me)
    .selectFrom('crm_activity')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('responsible_id', '=', me.actor!.userId)
    .where('completed', '=', 0)
    .where('deadline', '<', b.now);
  out.push({ name: 'counters (overdue, today, planned)', ...counters, raw: (await time(() => rawCount.execute())).p95, target: 50, sql: inline(rawCount) });
  return out;
}

async function main(): Promise<void> {
  const targets: (string | null)[] = process.env.BENCH_SKIP_SQLITE ? [] : [null];
  if (process.env.BENCH_DATABASE_URL) targets.push(process.env.BENCH_DATABASE_URL);
  let failed = false;
  for (const url of targets) {
    const d = await generate(url);
    try {
      const dialect = d.app.platform.dialect;
      const planned = await listActivities(d.me, ActivityListQuery.parse({ view: 'all' }));
      console.log(`\n## ${dialect}: ${TOTAL.toLocaleString('en')} activities, the user's ${planned.total.toLocaleString('en')}`);
      for (const f of await figures(d)) {
        const pass = f.p95 <= f.target;
        failed ||= !pass;
        console.log(`${pass ? 'PASS' : 'FAIL'} ${f.name}: p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms (target ≤ ${f.target} ms); raw page SQL alone p95 ${f.raw.toFixed(2)} ms`);
        if (process.env.BENCH_SQL) {
          console.log(`    ${f.sql}`);
          const plan = await sql.raw(`${dialect === 'postgres' ? 'explain analyze' : 'explain query plan'} ${f.sql}`).execute(d.app.platform.db);
          for (const row of plan.rows as Record<string, unknown>[]) console.log(`      ${String(row['QUERY PLAN'] ?? row.detail ?? JSON.stringify(row))}`);
        }
      }
    } finally {
      await d.app.close();
      await d.drop();
    }
  }
  process.exit(failed ? 1 : 0);
}

// Dropping the PostgreSQL database ends the connections still open to it: that is no failure of the bench.
process.on('uncaughtException', (err: Error & { code?: string }) => {
  if (err.code === '57P01') return;
  console.error(err);
  process.exit(2);
});

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
