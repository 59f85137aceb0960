/**
 * Calendar benchmark: the «Speed» targets of the calendars issue, measured on the server's own
 * service functions (the routes' code without HTTP) over the data of `data.ts` (10,000 users,
 * 2,000,000 events, a fifth recurring), on SQLite and on PostgreSQL. Each figure is printed beside
 * the raw SQL it runs, and then that SQL timed alone.
 *
 *   npx tsx bench/calendar/run.ts                   (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_ONLY=postgres BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/calendar/run.ts
 *   BENCH_KEEP=1 …, then BENCH_REUSE_URL=<printed address> npx tsx bench/calendar/run.ts   (measure again, no generating)
 *
 * Figures:
 *   week     — one user's week: their own view (their calendars and the meetings they attend) and
 *              20 colleagues' calendars overlaid, the two reads the page makes (≤ 50 ms p95);
 *   planner  — free/busy of 30 attendees and 2 rooms over a week with the first free hour (≤ 50 ms p95);
 *   feed     — the `.ics` subscription of a calendar of 5,000 events (≤ 300 ms p95).
 * Each run takes another user (and their department's colleagues) and another week within ten
 * weeks of the data's centre, so no run reads only what the one before left in memory.
 * Exit code 0 when every target holds, 1 when one fails, 2 when the bench itself failed.
 */
import { CompiledQuery, sql } from 'kysely';
import { attendedQuery, occurrences, planner, windowQuery } from '../../server/src/modules/calendar/service.js';
import { feed } from '../../server/src/modules/calendar/ical.js';
import { scoped } from '../../server/src/platform/db/scoped.js';
import type { Ctx } from '../../server/src/platform/context.js';
import { inline, pct, printFigures, runOnEachDatabase, step, type Figure } from '../measure.js';
import { generate, SCALE, type CalendarBench } from './data.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const DAY = 86_400_000;

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(i + runs); // warm: statement caches, code paths
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return { p50: pct(ms, 0.5), p95: pct(ms, 0.95) };
}

async function explain(d: CalendarBench, q: { compile(): { sql: string; parameters: readonly unknown[] } }): Promise<string> {
  if (!process.env.BENCH_EXPLAIN) return '';
  const c = q.compile();
  const text = d.dialect === 'postgres' ? `explain (analyze, buffers) ${c.sql}` : `explain query plan ${c.sql}`;
  const res = await d.app.platform.db.executeQuery(CompiledQuery.raw(text, [...c.parameters]));
  return res.rows.map((r: any) => r['QUERY PLAN'] ?? r.detail).join('\n');
}

async function figures(d: CalendarBench): Promise<Figure[]> {
  const out: Figure[] = [];
  // Runs go round the departments: the viewer is the i-th of one, their colleagues the next twenty.
  const viewers = d.departments.filter((dep) => dep.length >= 40).map((dep) => dep);
  const weekOf = (i: number) => {
    const monday = Math.floor(d.now / DAY) * DAY - ((new Date(d.now).getUTCDay() + 6) % 7) * DAY;
    const from = new Date(monday + ((i % 21) - 10) * 7 * DAY);
    return { from, to: new Date(from.getTime() + 7 * DAY) };
  };
  const who = (i: number) => {
    const dep = viewers[i % viewers.length]!;
    const k = 2 + (Math.floor(i / viewers.length) % 100);
    return { me: dep[k]!, colleagues: [...dep.slice(k + 1), ...dep.slice(0, k)].slice(0, 20), thirty: [dep[k]!, ...[...dep.slice(k + 1), ...dep.slice(0, k)].slice(0, 29)] };
  };
  const ctxs = new Map<number, Ctx>();
  const ctxOf = async (u: number) => ctxs.get(u) ?? (ctxs.set(u, await d.as(u)), ctxs.get(u)!);
  const calIds = async (users: number[]) =>
    (
      await scoped(d.system())
        .selectFrom('calendar')
        .select('id')
        .where(
          'key',
          'in',
          users.map((u) => `user:${u}`),
        )
        .execute()
    ).map((c) => c.id);
  const colleagueCals = new Map<number, number[]>();
  for (let i = 0; i < RUNS + 5; i++) {
    const w = who(i);
    colleagueCals.set(i, await calIds(w.colleagues));
    colleagueCals.set(i + RUNS, await calIds(who(i + RUNS).colleagues));
    await ctxOf(w.me);
    await ctxOf(who(i + RUNS).me);
  }

  // ---------------------------------------------------------------- week
  let occCount = 0;
  const week = await time(RUNS, async (i) => {
    const w = who(i);
    const ctx = await ctxOf(w.me);
    const { from, to } = weekOf(i);
    const own = await occurrences(ctx, { from: from.toISOString(), to: to.toISOString() });
    const theirs = await occurrences(ctx, { from: from.toISOString(), to: to.toISOString(), calendars: colleagueCals.get(i)! });
    occCount += own.length + theirs.length;
  });
  const w0 = who(0);
  const c0 = await ctxOf(w0.me);
  const wk0 = weekOf(0);
  const ownCals = await calIds([w0.me]);
  const q1 = windowQuery(c0, ownCals, wk0.from, wk0.to);
  const q2 = attendedQuery(c0, [w0.me], wk0.from, wk0.to);
  const q3 = windowQuery(c0, colleagueCals.get(0)!, wk0.from, wk0.to);
  const rawWeek = await time(RUNS, async (i) => {
    const w = who(i);
    const ctx = await ctxOf(w.me);
    const { from, to } = weekOf(i);
    await windowQuery(ctx, await calIds([w.me]), from, to).execute();
    await attendedQuery(ctx, [w.me], from, to).execute();
    await windowQuery(ctx, colleagueCals.get(i)!, from, to).execute();
  });
  const rows0 = (await q3.execute()).length;
  out.push({
    name: "week: one user's week (own view + 20 colleagues' calendars overlaid)",
    target: 50,
    ...week,
    rawP95: rawWeek.p95,
    sql: [inline(q1), inline(q2), inline(q3), await explain(d, q3)].filter(Boolean).join(';\n'),
    note: `about ${Math.round(occCount / (RUNS + 5))} occurrences a run; the colleagues' statement of run 0 reads ${rows0} rows`,
  });

  // ---------------------------------------------------------------- planner
  const rooms = (i: number) => [d.roomIds[i % d.roomIds.length]!, d.roomIds[(i + 7) % d.roomIds.length]!];
  let busyCount = 0;
  const plan = await time(RUNS, async (i) => {
    const w = who(i);
    const { from, to } = weekOf(i);
    const res = await planner(await ctxOf(w.me), { from: from.toISOString(), to: to.toISOString(), userIds: w.thirty, roomIds: rooms(i), minutes: 60 });
    busyCount += res.busy.length;
  });
  const p0 = scoped(c0)
    .selectFrom('calendar_event')
    .selectAll()
    .where('calendar_id', 'in', await calIds(w0.thirty))
    .where('start_at', '<', wk0.to.toISOString())
    .where((eb) => eb.or([eb('until_at', 'is', null), eb('until_at', '>', wk0.from.toISOString())]));
  const p1 = attendedQuery(c0, w0.thirty, wk0.from, wk0.to);
  const p2 = scoped(c0)
    .selectFrom('calendar_event')
    .selectAll()
    .where('organizer_id', 'in', w0.thirty)
    .where('calendar_id', 'not in', await calIds(w0.thirty))
    .where('start_at', '<', wk0.to.toISOString())
    .where((eb) => eb.or([eb('until_at', 'is', null), eb('until_at', '>', wk0.from.toISOString())]));
  const p3 = scoped(c0)
    .selectFrom('calendar_event')
    .selectAll()
    .where('room_id', 'in', rooms(0))
    .where('start_at', '<', wk0.to.toISOString())
    .where((eb) => eb.or([eb('until_at', 'is', null), eb('until_at', '>', wk0.from.toISOString())]));
  const rawPlan = await time(RUNS, async () => {
    await p0.execute();
    await p1.execute();
    await p2.execute();
    await p3.execute();
  });
  out.push({
    name: 'planner: free/busy of 30 attendees and 2 rooms over a week, first free hour',
    target: 50,
    ...plan,
    rawP95: rawPlan.p95,
    sql: [inline(p0), inline(p1), inline(p2), inline(p3), await explain(d, p2)].filter(Boolean).join(';\n'),
    note: `about ${Math.round(busyCount / (RUNS + 5))} busy intervals a run`,
  });

  // ---------------------------------------------------------------- feed
  const sys = d.system();
  let bytes = 0;
  const feedRuns = Math.max(10, Math.round(RUNS / 5));
  const f = await time(feedRuns, async () => {
    bytes = (await feed(sys, d.feedToken))!.length;
  });
  const calId = (await scoped(sys).selectFrom('calendar').select('id').where('feed_token', '=', d.feedToken).executeTakeFirstOrThrow()).id;
  const fq = scoped(sys).selectFrom('calendar_event').selectAll().where('calendar_id', '=', calId).orderBy('start_at');
  const rawFeed = await time(feedRuns, () => fq.execute());
  const n = (await fq.execute()).length;
  out.push({
    name: `feed: the .ics of a calendar of ${n.toLocaleString('en')} events`,
    target: 300,
    ...f,
    rawP95: rawFeed.p95,
    sql: inline(fq),
    note: `${(bytes / 1024).toFixed(0)} KiB`,
  });
  return out;
}

function print(d: CalendarBench, list: Figure[], counts: Record<string, number>): boolean {
  console.log(
    `\n=== ${d.dialect}: ${counts.calendar_event!.toLocaleString('en')} events (${counts.recurring!.toLocaleString('en')} recurring), ${counts.calendar_attendee!.toLocaleString('en')} attendees, ${counts.app_user!.toLocaleString('en')} users (BENCH_SCALE=${SCALE}, ${RUNS} runs) ===`,
  );
  return printFigures(list);
}

runOnEachDatabase(async (pgUrl) => {
  const t0 = performance.now();
  const d = await generate({ pgUrl });
  step(`${d.dialect}: data ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring`);
  try {
    const db = d.app.platform.db;
    const count = async (q: string) => Number(((await sql.raw(q).execute(db)).rows[0] as { n: number | string }).n);
    const counts = {
      calendar_event: await count('select count(*) as n from calendar_event'),
      recurring: await count('select count(*) as n from calendar_event where rrule is not null'),
      calendar_attendee: await count('select count(*) as n from calendar_attendee'),
      app_user: await count('select count(*) as n from app_user'),
    };
    return print(d, await figures(d), counts);
  } finally {
    await d.close();
  }
});
