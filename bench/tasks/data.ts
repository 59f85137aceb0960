/**
 * The tasks benchmark's data, shared by its figures («Список», counters; «Сроки», Gantt and the
 * report can be measured on the same data): a fresh database migrated by the server's own
 * migrations, one portal with 200 employees in 10 departments of 20 (each with its head),
 * 1,000 projects of about 8 members, and 1,000,000 tasks with their participants (creator,
 * responsible, some accomplices and auditors), tags, deadlines from 200 days ago to 60 days
 * ahead and comment counts. `BENCH_SCALE` (e.g. 0.01) makes every count smaller.
 *
 * The random generator is seeded, so SQLite and PostgreSQL get the same data. Rows go in by
 * multi-row INSERTs in large transactions; ANALYZE at the end so the planners know the tables.
 */
import { sql } from 'kysely';
import type { BuiltApp } from '../../server/src/app.js';
import { actorCtx, systemCtx, type Ctx, type PortalRow } from '../../server/src/platform/context.js';
import { addDepartment, addMember, createPortal, setDepartmentHead } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { freshBenchApp, reopenedBenchApp } from '../bench-app.js';
import { Rng } from '../measure.js';

export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const SIZES = {
  users: 200,
  departments: 10,
  groups: Math.max(10, Math.round(1000 * SCALE)),
  tasks: Math.max(1000, Math.round(1_000_000 * SCALE)),
};

export { Rng };

export function step(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

const VERBS = ['Подготовить', 'Согласовать', 'Проверить', 'Обновить', 'Отправить', 'Позвонить', 'Собрать', 'Оплатить', 'Написать', 'Провести'];
const THINGS = ['договор', 'счёт', 'отчёт', 'презентацию', 'смету', 'макет', 'план продаж', 'коммерческое предложение', 'акт сверки', 'встречу с клиентом'];
const TAGS = ['срочно', 'клиент', 'звонок', 'документы', 'финансы', 'маркетинг'];
const STATUSES = [
  ['completed', 55],
  ['pending', 20],
  ['in_progress', 15],
  ['review', 5],
  ['deferred', 5],
] as const;

export interface BenchData {
  app: BuiltApp;
  dialect: 'sqlite' | 'postgres';
  portal: PortalRow;
  /** Employees by department: the head first. */
  departments: number[][];
  users: number[];
  /** A ctx acting as this user. */
  as(userId: number): Promise<Ctx>;
  close(): Promise<void>;
}

/** A fresh database: a temporary SQLite file, or a new database on the PostgreSQL server of `pgUrl`. */

async function inBatches<T>(app: BuiltApp, rows: T[], size: number, write: (db: BuiltApp['platform']['db'], chunk: T[]) => Promise<unknown>): Promise<void> {
  // Many statements per transaction: SQLite writes its journal once per transaction.
  for (let i = 0; i < rows.length; i += size * 20) {
    await app.platform.db.transaction().execute(async (tx) => {
      for (let j = i; j < Math.min(rows.length, i + size * 20); j += size) await write(tx as never, rows.slice(j, j + size));
    });
  }
}

/**
 * `BENCH_KEEP=1` keeps the database after the run and prints its address; `BENCH_REUSE_URL` (that
 * address: `sqlite:/tmp/…/portal.db` or `postgres://…/bench_tasks_…`) measures on it without generating again.
 */
export async function generate(opts: { pgUrl: string | null; seed?: number }): Promise<BenchData> {
  const reuse = process.env.BENCH_REUSE_URL;
  if (reuse) return reopen(reuse);
  const r = new Rng(opts.seed ?? 20261202);
  const { db0, app } = await freshBenchApp(opts.pgUrl, 'tasks', step);
  const dialect = app.platform.dialect as 'sqlite' | 'postgres';
  const base = { db: app.platform.db, sys: app.platform.sys };
  step(`${dialect}: portal, ${SIZES.users} employees in ${SIZES.departments} departments`);
  const { portal, departments } = await app.platform.db.transaction().execute(async (tx) => {
    const b = { db: tx, sys: app.platform.sys };
    const portal = await createPortal(b, `benchtasks`, 'Бенчмарк задач');
    const ctx = systemCtx(b, portal);
    const root = await addDepartment(ctx, 'Компания', null);
    const departments: number[][] = [];
    let n = 0;
    for (let d = 0; d < SIZES.departments; d++) {
      const dep = await addDepartment(ctx, `Отдел ${d + 1}`, root);
      const people: number[] = [];
      for (let i = 0; i < SIZES.users / SIZES.departments; i++) {
        n++;
        const id = await addMember(ctx, {
          email: `user${n}@bench.example`,
          password: null,
          firstName: r.pick(['Анна', 'Иван', 'Ольга', 'Пётр', 'Мария', 'Сергей']),
          lastName: `Сотрудник${n}`,
          departmentId: dep,
          role: n === 1 ? 'admin' : 'employee',
          managerId: people[0] ?? null,
        });
        people.push(id);
      }
      await setDepartmentHead(ctx, dep, people[0]!);
      departments.push(people);
    }
    return { portal, departments };
  });
  await app.platform.portals.reload();
  const users = departments.flat();
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  step(`${dialect}: ${SIZES.groups} projects`);
  const groups: { id: number; members: number[] }[] = [];
  const groupRows = Array.from({ length: SIZES.groups }, (_, i) => ({
    portal_id: portal.id,
    name: `Проект ${i + 1}`,
    description: '',
    kind: i % 10 === 0 ? 'scrum' : 'project',
    visibility: 'open',
    owner_id: r.pick(users),
    date_start: null,
    date_end: null,
    archived: 0,
    avatar_file_id: null,
    created_by: null,
    created_at: iso(now),
    updated_at: iso(now),
    version: 1,
  }));
  const groupIds: number[] = [];
  await inBatches(app, groupRows, 500, async (db, chunk) => {
    const ids = await db
      .insertInto('work_group')
      .values(chunk as never)
      .returning('id')
      .execute();
    groupIds.push(...ids.map((x) => x.id));
  });
  const memberRows: Record<string, unknown>[] = [];
  groupIds.forEach((gid, i) => {
    const members = new Set<number>([groupRows[i]!.owner_id]);
    while (members.size < 8) members.add(r.pick(users));
    groups.push({ id: gid, members: [...members] });
    for (const u of members)
      memberRows.push({ portal_id: portal.id, group_id: gid, user_id: u, role: u === groupRows[i]!.owner_id ? 'owner' : 'member', status: 'member', created_at: iso(now), invited_by: null });
  });
  const memberCols = await columnsOf(app, 'work_group_member');
  await inBatches(app, memberRows, 1000, (db, chunk) =>
    db
      .insertInto('work_group_member')
      .values(chunk.map((m) => pickCols(m, memberCols)) as never)
      .execute(),
  );

  step(`${dialect}: ${SIZES.tasks.toLocaleString('en')} tasks with their participants and tags`);
  const statusCum: number[] = [];
  STATUSES.reduce((a, [, w]) => (statusCum.push(a + w), a + w), 0);
  const CHUNK = 20_000;
  let made = 0;
  while (made < SIZES.tasks) {
    const n = Math.min(CHUNK, SIZES.tasks - made);
    const tasks: Record<string, unknown>[] = [];
    const members: Record<string, unknown>[] = [];
    const tags: Record<string, unknown>[] = [];
    for (let k = 0; k < n; k++) {
      const id = made + k + 1;
      const g = r.chance(0.7) ? r.pick(groups) : null;
      const pool = g ? g.members : users;
      const creator = r.pick(pool);
      const responsible = r.chance(0.2) ? creator : r.pick(pool);
      const x = r.next() * 100;
      const status = STATUSES[statusCum.findIndex((c) => x < c)]![0];
      const created = now - (400 - (id / SIZES.tasks) * 400) * 86_400_000;
      const deadline = r.chance(0.8) ? iso(now + (r.int(260) - 200) * 86_400_000 + r.int(86_400_000)) : null;
      const title = `${r.pick(VERBS)} ${r.pick(THINGS)} №${id}`;
      const tag = r.chance(0.2) ? r.pick(TAGS) : null;
      tasks.push({
        id,
        portal_id: portal.id,
        title,
        description: '',
        status,
        important: r.chance(0.05) ? 1 : 0,
        creator_id: creator,
        responsible_id: responsible,
        group_id: g?.id ?? null,
        parent_id: null,
        deadline,
        allow_change_deadline: r.chance(0.8) ? 1 : 0,
        task_control: r.chance(0.2) ? 1 : 0,
        require_result: 0,
        start_plan: null,
        end_plan: null,
        started_at: null,
        closed_at: status === 'completed' ? iso(created + 5 * 86_400_000) : null,
        closed_by: null,
        estimate_seconds: null,
        time_spent_seconds: 0,
        story_points: null,
        epic_id: null,
        sprint_id: null,
        scrum_sort: 0,
        template_id: null,
        comments_count: r.chance(0.6) ? 0 : r.int(10) + 1,
        search_text: `${title} ${tag ?? ''}`.toLowerCase(),
        created_at: iso(created),
        updated_at: iso(created),
        activity_at: iso(created + r.int(30) * 86_400_000),
        version: 1,
      });
      const seen = new Set<string>();
      const add = (user: number, role: string) => {
        if (seen.has(`${user}:${role}`)) return;
        seen.add(`${user}:${role}`);
        members.push({ portal_id: portal.id, task_id: id, user_id: user, role, status, deadline });
      };
      add(creator, 'creator');
      add(responsible, 'responsible');
      if (r.chance(0.3)) add(r.pick(pool), 'accomplice');
      if (r.chance(0.2)) add(r.pick(users), 'auditor');
      if (tag) tags.push({ portal_id: portal.id, task_id: id, tag });
    }
    await app.platform.db.transaction().execute(async (tx) => {
      for (let i = 0; i < tasks.length; i += 500)
        await tx
          .insertInto('task')
          .values(tasks.slice(i, i + 500) as never)
          .execute();
      for (let i = 0; i < members.length; i += 2000)
        await tx
          .insertInto('task_member')
          .values(members.slice(i, i + 2000) as never)
          .execute();
      for (let i = 0; i < tags.length; i += 2000)
        await tx
          .insertInto('task_tag')
          .values(tags.slice(i, i + 2000) as never)
          .execute();
    });
    made += n;
    if (made % 100_000 === 0 || made === SIZES.tasks) step(`  ${made.toLocaleString('en')} tasks`);
  }
  if (dialect === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('task', 'id'), (select max(id) from task))`.execute(app.platform.db);
    step('postgres: VACUUM ANALYZE');
    await sql`vacuum analyze`.execute(app.platform.db);
  } else {
    step('sqlite: ANALYZE');
    await sql`analyze`.execute(app.platform.db);
  }
  return {
    app,
    dialect,
    portal,
    departments,
    users,
    as: async (userId) => actorCtx(base, portal, (await actorFor(systemCtx(base, portal), userId))!),
    close: async () => {
      await app.close();
      await db0.drop();
    },
  };
}

async function reopen(url: string): Promise<BenchData> {
  const { app } = await reopenedBenchApp(url, 'tasks');
  const base = { db: app.platform.db, sys: app.platform.sys };
  const portal = (await app.platform.db.selectFrom('portal').select(['id', 'name', 'title']).where('name', '=', 'benchtasks').executeTakeFirstOrThrow()) as PortalRow;
  await app.platform.portals.reload();
  const people = await app.platform.db.selectFrom('app_user').select(['id', 'department_id']).where('portal_id', '=', portal.id).orderBy('id').execute();
  const byDep = new Map<number, number[]>();
  for (const u of people) byDep.set(u.department_id ?? 0, [...(byDep.get(u.department_id ?? 0) ?? []), u.id]);
  const departments = [...byDep.values()];
  return {
    app,
    dialect: app.platform.dialect as 'sqlite' | 'postgres',
    portal,
    departments,
    users: departments.flat(),
    as: async (userId) => actorCtx(base, portal, (await actorFor(systemCtx(base, portal), userId))!),
    close: () => app.close(),
  };
}

async function columnsOf(app: BuiltApp, table: string): Promise<Set<string>> {
  const tables = await app.platform.db.introspection.getTables();
  return new Set(tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? []);
}

function pickCols(row: Record<string, unknown>, cols: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => cols.has(k)));
}
