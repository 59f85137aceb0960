/**
 * Workday benchmark: the «Speed» targets of «Рабочий день» over 1,000 employees (five departments
 * of 200) with a year of finished days each (every working day of the last twelve months, a
 * break in each, one in twelve late, one in forty left open), and today's day running for half
 * of them; on SQLite and on PostgreSQL, through the server's own service functions.
 *
 *   npx tsx bench/workday/run.ts                       (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/workday/run.ts
 *
 * Figures:
 *   the panel's state now (`timeman.status`) of an employee, p95 ≤ 10 ms, with its queries alone beside it;
 *   the month report («Учёт рабочего времени») of a 200-person department, p95 ≤ 200 ms;
 *   the whole portal's month as an Excel file, ≤ 5 s.
 * Exit code 0 when every target holds, 1 when one fails, 2 when the bench itself failed.
 */
import { sql } from 'kysely';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { actorCtx, systemCtx } from '../../server/src/platform/context.js';
import { insertRows } from '../../server/src/platform/db/bulk.js';
import { scoped } from '../../server/src/platform/db/scoped.js';
import { addDepartment, addMember, createPortal, setDepartmentHead } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { status } from '../../server/src/modules/workday/service.js';
import { report, reportXlsx } from '../../server/src/modules/workday/report.js';
import { localDate, weekday, zonedInstant } from '../../server/src/modules/workday/time.js';
import { freshDatabase } from '../fresh-database.js';
import { inline, runOnEachDatabase, step, timed } from '../measure.js';

const DEPARTMENTS = 5;
const PER_DEPARTMENT = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const TZ = 'Europe/Moscow';
const DAY = 86_400_000;
const COLUMNS = [
  'portal_id',
  'user_id',
  'day',
  'time_zone',
  'state',
  'intervals',
  'worked_ms',
  'planned_start',
  'planned_end',
  'report',
  'late_reason',
  'early_reason',
  'late',
  'early',
  'unclosed',
  'corrected',
  'confirmed',
  'version',
  'created_at',
  'updated_at',
];

async function measure(pgUrl: string | null): Promise<boolean> {
  const database = await freshDatabase(pgUrl, 'workday');
  const config = loadConfig({}, { databaseUrl: database.url, dataDir: database.dataDir, logLevel: 'silent', pollMs: 60_000 });
  const app = await buildApp(config, { logger: false });
  const dialect = app.platform.dialect;
  const base = { db: app.platform.db, sys: app.platform.sys };
  try {
    const portal = await app.platform.db.transaction().execute((tx) => createPortal({ db: tx, sys: app.platform.sys }, 'benchwork', 'Бенчмарк рабочего дня'));
    const sys = systemCtx(base, portal);
    const t0 = performance.now();
    const adminId = await addMember(sys, { email: 'admin@workday.bench', password: null, firstName: 'Админ', lastName: 'Бенчев', role: 'admin' });
    const departments: { id: number; people: number[] }[] = [];
    for (let d = 0; d < DEPARTMENTS; d++) {
      const id = await addDepartment(sys, `Отдел ${d + 1}`, null);
      const people: number[] = [];
      for (let k = 0; k < PER_DEPARTMENT; k++)
        people.push(await addMember(sys, { email: `u${d}.${k}@workday.bench`, password: null, firstName: `Сотрудник${k}`, lastName: `Отдела${d}`, departmentId: id }));
      await setDepartmentHead(sys, id, people[0]!);
      departments.push({ id, people });
    }
    step(`${dialect}: ${DEPARTMENTS * PER_DEPARTMENT} employees in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    // A year of working days (Monday to Friday) before today, then today's.
    const now = new Date();
    const today = localDate(now, TZ);
    const dates: string[] = [];
    for (let k = 365; k >= 1; k--) {
      const d = localDate(new Date(now.getTime() - k * DAY), TZ);
      if (weekday(d) <= 5) dates.push(d);
    }
    // The same dates for everyone: each local time of each date worked out once.
    const instants = new Map<string, string>();
    const at = (date: string, hm: string) => {
      const key = `${date} ${hm}`;
      let v = instants.get(key);
      if (!v) instants.set(key, (v = zonedInstant(date, hm, TZ).toISOString()));
      return v;
    };
    const stamp = now.toISOString();
    const everyone = departments.flatMap((d) => d.people);
    let rowsCount = 0;
    // Fifty people's year per transaction: one commit per 13,000 rows, not one per statement.
    const batches: unknown[][][] = [];
    const flush = async () => {
      await app.platform.db.transaction().execute(async (tx) => {
        for (const rows of batches.splice(0)) for (let k = 0; k < rows.length; k += 400) await insertRows({ db: tx }, 'workday_day', COLUMNS, rows.slice(k, k + 400));
      });
    };
    for (const [u, userId] of everyone.entries()) {
      const rows: unknown[][] = dates.map((date, k) => {
        const late = (u + k) % 12 === 0;
        const open = (u + k) % 40 === 0;
        const intervals = [
          { start: at(date, late ? '09:40' : '08:55'), end: at(date, '13:00') },
          { start: at(date, '14:00'), end: at(date, '18:05') },
        ];
        const worked = intervals.reduce((s, i) => s + Date.parse(i.end) - Date.parse(i.start), 0);
        return [portal.id, userId, date, TZ, 'finished', JSON.stringify(intervals), worked, at(date, '09:00'), at(date, '18:00'), '', '', '', late ? 1 : 0, 0, open ? 1 : 0, 0, 0, 1, stamp, stamp];
      });
      if (u % 2 === 0 && weekday(today) <= 5)
        rows.push([
          portal.id,
          userId,
          today,
          TZ,
          'working',
          JSON.stringify([{ start: at(today, '09:00'), end: null }]),
          0,
          at(today, '09:00'),
          at(today, '18:00'),
          '',
          '',
          '',
          0,
          0,
          0,
          0,
          0,
          1,
          stamp,
          stamp,
        ]);
      batches.push(rows);
      rowsCount += rows.length;
      if (u % 50 === 49) await flush();
      if (u % 250 === 249) step(`  ${rowsCount.toLocaleString('en')} days`);
    }
    await flush();
    await sql`analyze`.execute(app.platform.db);
    step(`${dialect}: ${rowsCount.toLocaleString('en')} days ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring`);

    const lines: string[] = [];
    let ok = true;
    const line = (name: string, value: string, pass: boolean, query?: string) => {
      if (!pass) ok = false;
      lines.push(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${value}`);
      if (query) lines.push(...query.split('\n').map((l) => `        ${l}`));
    };

    // The panel: `timeman.status` of employees picked across the portal, each in their own ctx.
    const sample = Array.from({ length: 50 }, (_, i) => everyone[(i * 97) % everyone.length]!);
    const ctxs = await Promise.all(sample.map(async (id) => actorCtx(base, portal, (await actorFor(sys, id))!)));
    const panel = await timed(RUNS, (i) => status(ctxs[Math.abs(i) % ctxs.length]!));
    const who = sample[0]!;
    const openQ = scoped(ctxs[0]!).selectFrom('workday_day').selectAll().where('user_id', '=', who).where('state', 'in', ['working', 'paused']).orderBy('day', 'desc').limit(1);
    const todayQ = scoped(ctxs[0]!).selectFrom('workday_day').selectAll().where('user_id', '=', who).where('day', '=', today);
    const rawPanel = await timed(RUNS, (i) => {
      const c = ctxs[Math.abs(i) % ctxs.length]!;
      const id = sample[Math.abs(i) % sample.length]!;
      return Promise.all([
        scoped(c).selectFrom('workday_day').selectAll().where('user_id', '=', id).where('state', 'in', ['working', 'paused']).orderBy('day', 'desc').limit(1).execute(),
        scoped(c).selectFrom('workday_day').selectAll().where('user_id', '=', id).where('day', '=', today).execute(),
      ]);
    });
    line(
      "the panel's state now (timeman.status: the person's zone, schedule, holidays, the open or today's day)",
      `p95 ${panel.p95.toFixed(1)} ms, p50 ${panel.p50.toFixed(1)} ms (target p95 ≤ 10 ms); its day queries alone p95 ${rawPanel.p95.toFixed(1)} ms`,
      panel.p95 <= 10,
      `${inline(openQ)};\n${inline(todayQ)}`,
    );

    // The month report of a 200-person department, by its head and by the administrator.
    // Last month: a whole month of days.
    const month = localDate(new Date(Date.parse(`${today.slice(0, 7)}-01T12:00:00Z`) - 5 * DAY), TZ).slice(0, 7);
    const admin = actorCtx(base, portal, (await actorFor(sys, adminId))!);
    const heads = await Promise.all(departments.map(async (d) => actorCtx(base, portal, (await actorFor(sys, d.people[0]!))!)));
    let cells = 0;
    const rep = await timed(Math.min(RUNS, 60), async (i) => {
      const r = await report(Math.abs(i) % 2 ? heads[Math.abs(i) % heads.length]! : admin, { month, departmentId: departments[Math.abs(i) % departments.length]!.id });
      cells += r.rows.length;
    });
    const ids = departments[0]!.people;
    const monthQ = scoped(admin)
      .selectFrom('workday_day')
      .select(['id', 'user_id', 'day', 'worked_ms', 'state', 'intervals', 'late', 'early', 'unclosed', 'corrected'])
      .where('user_id', 'in', ids)
      .where('day', '>=', `${month}-01`)
      .where('day', '<=', `${month}-31`);
    const rawRep = await timed(Math.min(RUNS, 60), () => monthQ.execute());
    line(
      `the month report of a ${PER_DEPARTMENT}-person department (${month}, ${(cells / (Math.min(RUNS, 60) + 5)).toFixed(0)} rows, by its head or the administrator)`,
      `p95 ${rep.p95.toFixed(1)} ms, p50 ${rep.p50.toFixed(1)} ms (target p95 ≤ 200 ms); its day query alone p95 ${rawRep.p95.toFixed(1)} ms`,
      rep.p95 <= 200,
      inline(monthQ).replace(/in \(([^)]{60})[^)]*\)/, 'in ($1…)'),
    );

    // The whole portal's month as an xlsx.
    let size = 0;
    const xlsx = await timed(3, async () => {
      size = (await reportXlsx(admin, { month })).length;
    });
    line(
      `the whole portal's month as Excel (${everyone.length + 1} employees, ${(size / 1024).toFixed(0)} KB)`,
      `slowest of 3 ${xlsx.p95.toFixed(0)} ms, p50 ${xlsx.p50.toFixed(0)} ms (target ≤ 5000 ms)`,
      xlsx.p95 <= 5000,
    );

    console.log(`\n=== ${dialect}: ${everyone.length} employees, ${rowsCount.toLocaleString('en')} days (${RUNS} runs) ===`);
    for (const l of lines) console.log(l);
    return ok;
  } finally {
    await app.close();
    await database.drop();
  }
}

runOnEachDatabase(measure);
