/**
 * The calendar benchmark's data: a fresh database migrated by the server's own migrations, one
 * portal with 10,000 employees in 50 departments of 200, each with «Мой календарь» (half of them
 * showing details to colleagues, half busy time only), «Календарь компании», 40 meeting rooms and
 * 2,000,000 events from a year ago to a year ahead: a fifth recurring (weekly or daily with a
 * count, weekly until a date, weekly on two days or monthly without an end; one in ten of those
 * with a removed occurrence), one in twenty a meeting with 2–8 colleagues of the organiser's
 * department, one in a hundred in a room, one in ten private. One employee's calendar holds
 * exactly 5,000 events (the `.ics` feed's figure), the company calendar 2,000.
 * `BENCH_SCALE` (e.g. 0.01) makes the event count smaller (the people stay 10,000).
 *
 * The random generator is seeded, so SQLite and PostgreSQL get the same data. Events go in by
 * `insertMany` (one `unnest` statement per chunk on PostgreSQL, multi-row INSERTs on SQLite) in
 * large transactions; ANALYZE at the end so the planners know the tables.
 * `BENCH_KEEP=1` keeps the database and prints its address; `BENCH_REUSE_URL=<that address>`
 * measures on it again without generating (migrations added since then run first).
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import type { BuiltApp } from '../../server/src/app.js';
import { actorCtx, systemCtx, type Ctx, type PortalRow } from '../../server/src/platform/context.js';
import { insertMany, insertRows } from '../../server/src/platform/db/bulk.js';
import { addDepartment, addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { freshBenchApp, reopenedBenchApp } from '../bench-app.js';
import { Rng, step } from '../measure.js';

export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const SIZES = {
  users: 10_000,
  departments: 50,
  rooms: 40,
  events: Math.max(20_000, Math.round(2_000_000 * SCALE)),
  feedEvents: 5_000,
  companyEvents: 2_000,
};
const PORTAL = 'benchcal';
const DAY = 86_400_000;

export interface CalendarBench {
  app: BuiltApp;
  dialect: 'sqlite' | 'postgres';
  portal: PortalRow;
  /** Employees by department. */
  departments: number[][];
  /** The employee whose calendar holds `SIZES.feedEvents` events, and that calendar's feed secret. */
  feedUser: number;
  feedToken: string;
  roomIds: number[];
  /** The moment the data is centred on (events from a year before to a year after). */
  now: number;
  as(userId: number): Promise<Ctx>;
  system(): Ctx;
  close(): Promise<void>;
}

const TITLES = ['Планёрка', 'Встреча с клиентом', 'Созвон', 'Обзор проекта', 'Обед', 'Демо', 'Собеседование', 'Ретроспектива', 'Звонок поставщику', 'Обучение'];
const PLACES = ['', '', '', 'Офис', 'Zoom', 'Переговорная', 'У клиента'];
const TZ = ['Europe/Moscow', 'Europe/Moscow', 'Europe/Moscow', 'Asia/Yekaterinburg', 'Europe/Samara'];
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

const EVENT_COLUMNS = [
  { name: 'id', pg: 'int4' },
  { name: 'portal_id', pg: 'int4' },
  { name: 'calendar_id', pg: 'int4' },
  { name: 'parent_id', pg: 'int4' },
  { name: 'recurrence_id', pg: 'timestamptz' },
  { name: 'uid', pg: 'text' },
  { name: 'title', pg: 'text' },
  { name: 'description', pg: 'text' },
  { name: 'start_at', pg: 'timestamptz' },
  { name: 'end_at', pg: 'timestamptz' },
  { name: 'all_day', pg: 'int4' },
  { name: 'time_zone', pg: 'text' },
  { name: 'place', pg: 'text' },
  { name: 'room_id', pg: 'int4' },
  { name: 'importance', pg: 'text' },
  { name: 'private', pg: 'int4' },
  { name: 'color', pg: 'text' },
  { name: 'reminders', pg: 'text' },
  { name: 'rrule', pg: 'text' },
  { name: 'exdates', pg: 'text' },
  { name: 'until_at', pg: 'timestamptz' },
  { name: 'organizer_id', pg: 'int4' },
  { name: 'crm_links', pg: 'text' },
  { name: 'version', pg: 'int4' },
  { name: 'created_at', pg: 'timestamptz' },
  { name: 'updated_at', pg: 'timestamptz' },
];
const ATTENDEE_COLUMNS = [
  { name: 'portal_id', pg: 'int4' },
  { name: 'event_id', pg: 'int4' },
  { name: 'user_id', pg: 'int4' },
  { name: 'answer', pg: 'text' },
];

const iso = (ms: number) => new Date(ms).toISOString();
const untilText = (ms: number) =>
  iso(ms)
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * A recurring event's rule and the end of its last occurrence (an upper bound where the rule has
 * an UNTIL: the read window only needs not to miss one), or null when it never ends.
 */
function recurrence(r: Rng, start: number, len: number): { rule: string; until: number | null } {
  const x = r.next();
  if (x < 0.3) {
    const n = 5 + r.int(48);
    return { rule: `FREQ=WEEKLY;COUNT=${n}`, until: start + (n - 1) * 7 * DAY + len };
  }
  if (x < 0.5) {
    const n = 5 + r.int(26);
    return { rule: `FREQ=DAILY;COUNT=${n}`, until: start + (n - 1) * DAY + len };
  }
  if (x < 0.7) {
    const until = start + (30 + r.int(270)) * DAY;
    return { rule: `FREQ=WEEKLY;UNTIL=${untilText(until)}`, until: until + len };
  }
  if (x < 0.85) {
    const d = new Date(start).getUTCDay();
    return { rule: `FREQ=WEEKLY;BYDAY=${DAYS[d]},${DAYS[(d + 2) % 7]}`, until: null };
  }
  return { rule: 'FREQ=MONTHLY', until: null };
}

export async function generate(opts: { pgUrl: string | null; seed?: number }): Promise<CalendarBench> {
  const reuse = process.env.BENCH_REUSE_URL;
  if (reuse) return reopen(reuse);
  const r = new Rng(opts.seed ?? 20261203);
  const { db0, app } = await freshBenchApp(opts.pgUrl, 'calendar', step);
  const dialect = app.platform.dialect as 'sqlite' | 'postgres';
  const db = app.platform.db;
  const now = Date.UTC(2026, 11, 3, 9, 0, 0);
  const at = iso(now);

  step(`${dialect}: portal, ${SIZES.users.toLocaleString('en')} employees in ${SIZES.departments} departments`);
  const portal = await db.transaction().execute((tx) => createPortal({ db: tx, sys: app.platform.sys }, PORTAL, 'Бенчмарк календаря'));
  const root = await db.transaction().execute((tx) => addDepartment(systemCtx({ db: tx, sys: app.platform.sys }, portal), 'Компания', null));
  const departments: number[][] = [];
  let n = 0;
  for (let d = 0; d < SIZES.departments; d++) {
    departments.push(
      await db.transaction().execute(async (tx) => {
        const ctx = systemCtx({ db: tx, sys: app.platform.sys }, portal);
        const dep = await addDepartment(ctx, `Отдел ${d + 1}`, root);
        const people: number[] = [];
        for (let i = 0; i < SIZES.users / SIZES.departments; i++) {
          n++;
          people.push(
            await addMember(ctx, {
              email: `user${n}@benchcal.example`,
              password: null,
              firstName: r.pick(['Анна', 'Иван', 'Ольга', 'Пётр', 'Мария', 'Сергей']),
              lastName: `Сотрудник${n}`,
              departmentId: dep,
              role: n === 1 ? 'admin' : 'employee',
              managerId: people[0] ?? null,
            }),
          );
        }
        return people;
      }),
    );
  }
  await app.platform.portals.reload();
  const users = departments.flat();

  step(`${dialect}: calendars and ${SIZES.rooms} rooms`);
  const calOf = new Map<number, number>();
  const feedUser = departments[0]![1]!;
  const feedToken = 'benchfeed' + 'x'.repeat(24);
  const calCols = ['portal_id', 'key', 'kind', 'owner_id', 'group_id', 'name', 'color', 'access', 'feed_token', 'version', 'created_at'];
  let company = 0;
  let roomIds: number[] = [];
  await db.transaction().execute(async (tx) => {
    [company] = await insertRows({ db: tx }, 'calendar', calCols, [[portal.id, 'company', 'company', null, null, 'company', '#f7a700', 'details', null, 1, at]], true);
    for (let i = 0; i < users.length; i += 1000) {
      const chunk = users.slice(i, i + 1000);
      const ids = await insertRows(
        { db: tx },
        'calendar',
        calCols,
        chunk.map((u) => [portal.id, `user:${u}`, 'user', u, null, 'my', '#2fc6f6', u % 2 ? 'details' : 'busy', u === feedUser ? feedToken : null, 1, at]),
        true,
      );
      chunk.forEach((u, k) => calOf.set(u, ids[k]!));
    }
    roomIds = await insertRows(
      { db: tx },
      'calendar_room',
      ['portal_id', 'name', 'capacity', 'version'],
      Array.from({ length: SIZES.rooms }, (_, i) => [portal.id, `Переговорная ${i + 1}`, 4 + (i % 5) * 4, 1]),
      true,
    );
  });
  const deptOf = new Map<number, number[]>();
  for (const dep of departments) for (const u of dep) deptOf.set(u, dep);

  step(`${dialect}: ${SIZES.events.toLocaleString('en')} events (20 % recurring) with their attendees`);
  const CHUNK = 50_000;
  const others = users.filter((u) => u !== feedUser);
  let made = 0;
  let attendees = 0;
  while (made < SIZES.events) {
    const count = Math.min(CHUNK, SIZES.events - made);
    const events: unknown[][] = [];
    const att: unknown[][] = [];
    for (let k = 0; k < count; k++) {
      const id = made + k + 1;
      // The feed's calendar first, then the company's, then everyone's at random.
      const owner = id <= SIZES.feedEvents ? feedUser : id <= SIZES.feedEvents + SIZES.companyEvents ? r.pick(users) : r.pick(others);
      const calendar = id > SIZES.feedEvents && id <= SIZES.feedEvents + SIZES.companyEvents ? company : calOf.get(owner)!;
      const allDay = r.chance(0.05);
      const dayStart = now - 365 * DAY + r.int(730) * DAY;
      const start = allDay ? Math.floor(dayStart / DAY) * DAY : Math.floor(dayStart / DAY) * DAY + (5 + r.int(40)) * 15 * 60_000;
      const len = allDay ? DAY : (2 + r.int(7)) * 15 * 60_000;
      const rec = r.chance(0.2) ? recurrence(r, start, len) : null;
      const exdates = rec && r.chance(0.1) ? [iso(start + 7 * DAY)] : [];
      const meeting = calendar !== company && r.chance(0.05);
      const room = r.chance(0.01) ? r.pick(roomIds) : null;
      events.push([
        id,
        portal.id,
        calendar,
        null,
        null,
        `bench-${id}@benchcal`,
        `${r.pick(TITLES)} №${id}`,
        '',
        iso(start),
        iso(start + len),
        allDay ? 1 : 0,
        r.pick(TZ),
        r.pick(PLACES),
        room,
        r.chance(0.1) ? 'high' : 'normal',
        r.chance(0.1) ? 1 : 0,
        null,
        r.chance(0.3) ? '[15]' : '[]',
        rec?.rule ?? null,
        JSON.stringify(exdates),
        rec ? (rec.until === null ? null : iso(rec.until)) : iso(start + len),
        owner,
        '[]',
        1,
        at,
        at,
      ]);
      if (meeting) {
        const pool = deptOf.get(owner)!;
        const who = new Set<number>();
        const size = 2 + r.int(7);
        while (who.size < size) {
          const u = r.pick(pool);
          if (u !== owner) who.add(u);
        }
        for (const u of who) att.push([portal.id, id, u, r.pick(['pending', 'accepted', 'accepted', 'accepted', 'declined', 'maybe'])]);
      }
    }
    await db.transaction().execute(async (tx) => {
      await insertMany({ db: tx }, 'calendar_event', EVENT_COLUMNS, events);
      await insertMany({ db: tx }, 'calendar_attendee', ATTENDEE_COLUMNS, att);
    });
    made += count;
    attendees += att.length;
    if (made % 200_000 === 0 || made === SIZES.events) step(`  ${made.toLocaleString('en')} events, ${attendees.toLocaleString('en')} attendees`);
  }
  if (dialect === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('calendar_event', 'id'), (select max(id) from calendar_event))`.execute(db);
    step('postgres: VACUUM ANALYZE');
    await sql`vacuum analyze`.execute(db);
  } else {
    step('sqlite: ANALYZE');
    await sql`analyze`.execute(db);
  }
  return handle(app, portal, departments, feedUser, feedToken, roomIds, now, () => db0.drop());
}

function handle(app: BuiltApp, portal: PortalRow, departments: number[][], feedUser: number, feedToken: string, roomIds: number[], now: number, drop: () => Promise<void>): CalendarBench {
  const base = { db: app.platform.db, sys: app.platform.sys };
  return {
    app,
    dialect: app.platform.dialect as 'sqlite' | 'postgres',
    portal,
    departments,
    feedUser,
    feedToken,
    roomIds,
    now,
    as: async (userId) => actorCtx(base, portal, (await actorFor(systemCtx(base, portal), userId))!),
    system: () => systemCtx(base, portal),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

async function reopen(url: string): Promise<CalendarBench> {
  const { app, dataDir } = await reopenedBenchApp(url, 'calendar');
  const db = app.platform.db;
  // Indexes added by migrations since the data was made get their statistics too.
  await sql`analyze`.execute(db);
  const portal = (await db.selectFrom('portal').select(['id', 'name', 'title']).where('name', '=', PORTAL).executeTakeFirstOrThrow()) as PortalRow;
  await app.platform.portals.reload();
  const people = await db.selectFrom('app_user').select(['id', 'department_id']).where('portal_id', '=', portal.id).orderBy('id').execute();
  const byDep = new Map<number, number[]>();
  for (const u of people) byDep.set(u.department_id ?? 0, [...(byDep.get(u.department_id ?? 0) ?? []), u.id]);
  const feed = await db.selectFrom('calendar').select(['owner_id', 'feed_token']).where('portal_id', '=', portal.id).where('feed_token', 'is not', null).executeTakeFirstOrThrow();
  const rooms = await db.selectFrom('calendar_room').select('id').where('portal_id', '=', portal.id).orderBy('id').execute();
  return handle(
    app,
    portal,
    [...byDep.values()],
    feed.owner_id!,
    feed.feed_token!,
    rooms.map((x) => x.id),
    Date.UTC(2026, 11, 3, 9, 0, 0),
    async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  );
}
