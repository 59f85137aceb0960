import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { systemCtxFor } from '../../../../test/support.js';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { createGroup } from '../../groups/api.js';
import { DEMO_SCRUM_PROJECT, demoScrum } from './demo.js';
import { dayOf } from './project.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;
let project: number;
let plainGroup: number;
let base: string;

/** A day `n` days from today, as the portal's people count days (the burndown's days). */
const day = (n: number) => dayOf(new Date(Date.now() + n * 86_400_000).toISOString());
const asUser = (userId: number): Ctx => ({ ...systemCtxFor(t, p.portal), actor: { userId, accountId: 0, portalId: p.portal.id, role: 'employee', departmentId: null, language: 'ru' } });
const fieldsOf = (res: { json(): any }) => res.json().error.fields.map((f: { field: string; message: string }) => [f.field, f.message]);

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
  project = (await createGroup(asUser(p.users.head.id), { name: 'Скрам: Мобильное приложение', kind: 'scrum', memberIds: [p.users.employee.id] })).id;
  plainGroup = (await createGroup(asUser(p.users.head.id), { name: 'Обычная группа', kind: 'group', memberIds: [p.users.employee.id] })).id;
  base = `/api/tasks/scrum/${project}`;
});
afterAll(() => t?.dispose());

async function item(a: Agent, title: string, storyPoints: number | null = null, extra: Record<string, unknown> = {}) {
  const res = await a.post(`${base}/items`, { title, storyPoints, ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function sprint(a: Agent, title: string, from = day(-1), to = day(6)) {
  const res = await a.post(`${base}/sprints`, { title, goal: 'Цель', dateStart: from, dateEnd: to });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const board = async (a: Agent = employee) => (await a.get(base)).json();
const place = (a: Agent, it: { id: number; version: number }, sprintId: number | null, afterId: number | null = null) =>
  a.post(`${base}/items/${it.id}/place`, { sprintId, afterId, version: it.version });
const fresh = async (id: number) => (await board()).backlog.concat((await board()).sprints.flatMap((s: { items: unknown[] }) => s.items)).find((i: { id: number }) => i.id === id);

describe('who sees a Scrum board', () => {
  it('is its project’s members (and administrators); anyone else is told it does not exist', async () => {
    expect((await employee.get('/api/tasks/scrum')).json()).toEqual([expect.objectContaining({ id: project, name: 'Скрам: Мобильное приложение', activeSprint: null })]);
    expect((await other.get('/api/tasks/scrum')).json()).toEqual([]);
    expect((await employee.get(base)).statusCode).toBe(200);
    expect((await admin.get(base)).statusCode).toBe(200);
    expect((await other.get(base)).statusCode).toBe(404);
    expect((await other.get(`${base}/reports`)).statusCode).toBe(404);
    expect((await other.post(`${base}/sprints`, { title: 'Чужой' })).statusCode).toBe(404);
    expect((await other.post(`${base}/epics`, { title: 'Чужой' })).statusCode).toBe(404);
    expect((await other.post(`${base}/items`, { title: 'Чужая' })).statusCode).toBe(404);
    // A group that is not a Scrum project has no board.
    expect((await employee.get(`/api/tasks/scrum/${plainGroup}`)).statusCode).toBe(404);
    expect((await employee.get('/api/tasks/scrum/2000000000')).statusCode).toBe(404);
  });

  it('does not hand out another project’s tasks, sprints or epics by id', async () => {
    const mine = (await createGroup(asUser(p.users.other.id), { name: 'Скрам: Другой', kind: 'scrum' })).id;
    const foreign = (await other.post(`/api/tasks/scrum/${mine}/items`, { title: 'Чужая задача' })).json();
    const foreignSprint = (await other.post(`/api/tasks/scrum/${mine}/sprints`, { title: 'Чужой спринт' })).json();
    expect((await employee.post(`${base}/items/${foreign.id}/place`, { sprintId: null, afterId: null, version: foreign.version })).statusCode).toBe(404);
    expect((await employee.post(`${base}/sprints/${foreignSprint.id}/start`, { version: 1 })).statusCode).toBe(404);
    const mineItem = await item(employee, 'Своя');
    const bad = await place(employee, mineItem, foreignSprint.id);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual([['sprintId', 'Такого спринта нет в проекте или он уже завершён']]);
  });
});

describe('epics', () => {
  it('are created, renamed, recoloured and deleted; their tasks stay without an epic', async () => {
    const epic = (await employee.post(`${base}/epics`, { title: 'Авторизация', color: '#ff5752' })).json();
    expect(epic).toMatchObject({ title: 'Авторизация', color: '#ff5752', version: 1 });
    const edited = (await head.patch(`${base}/epics/${epic.id}`, { title: 'Вход и регистрация', color: '#9dcf00', version: 1 })).json();
    expect(edited).toMatchObject({ title: 'Вход и регистрация', color: '#9dcf00', version: 2 });
    expect((await employee.patch(`${base}/epics/${epic.id}`, { title: 'Старая версия', version: 1 })).statusCode).toBe(409);
    expect((await employee.patch(`${base}/epics/${epic.id}`, { color: 'red', version: 2 })).statusCode).toBe(400);
    const task = await item(employee, 'Экран входа', 3, { epicId: epic.id });
    expect(task.epicId).toBe(epic.id);
    expect((await board()).epics.map((e: { title: string }) => e.title)).toContain('Вход и регистрация');
    expect((await employee.del(`${base}/epics/${epic.id}`)).statusCode).toBe(200);
    expect((await fresh(task.id)).epicId).toBeNull();
    expect((await board()).epics.find((e: { id: number }) => e.id === epic.id)).toBeUndefined();
  });
});

describe('the backlog', () => {
  it('keeps items in order with story points; a drag reorders it; negative points and stale versions are refused', async () => {
    const a = await item(employee, 'Бэклог А', 1);
    await item(employee, 'Бэклог Б', 2);
    const c = await item(head, 'Бэклог В', 3);
    const order = async () => (await board()).backlog.map((i: { title: string }) => i.title).filter((x: string) => x.startsWith('Бэклог'));
    expect(await order()).toEqual(['Бэклог А', 'Бэклог Б', 'Бэклог В']);
    const moved = await place(employee, c, null, a.id);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await order()).toEqual(['Бэклог А', 'Бэклог В', 'Бэклог Б']);
    expect((await place(employee, c, null, null)).statusCode).toBe(409);
    await place(employee, await fresh(c.id), null, null);
    expect(await order()).toEqual(['Бэклог В', 'Бэклог А', 'Бэклог Б']);

    const negative = await employee.patch(`${base}/items/${a.id}`, { storyPoints: -2, version: a.version });
    expect(negative.statusCode).toBe(400);
    expect(fieldsOf(negative)).toEqual([['storyPoints', 'Story points не могут быть отрицательными']]);
    expect((await employee.post(`${base}/items`, { title: 'Минус', storyPoints: -1 })).statusCode).toBe(400);
    const pointed = await employee.patch(`${base}/items/${a.id}`, { storyPoints: 8, version: a.version });
    expect(pointed.json()).toMatchObject({ storyPoints: 8, version: a.version + 1 });
    expect((await employee.patch(`${base}/items/${a.id}`, { storyPoints: 5, version: a.version })).statusCode).toBe(409);
    // The story points are the task's: its card shows them.
    expect((await employee.get(`/api/tasks/${a.id}`)).json().storyPoints).toBe(8);
  });
});

describe('sprints', () => {
  it('refuse an end before the start, and a start without dates', async () => {
    const bad = await employee.post(`${base}/sprints`, { title: 'Наоборот', dateStart: day(5), dateEnd: day(1) });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual([['dateEnd', 'Спринт не может закончиться раньше, чем начнётся']]);
    const undated = (await employee.post(`${base}/sprints`, { title: 'Без дат' })).json();
    const start = await employee.post(`${base}/sprints/${undated.id}/start`, { version: undated.version });
    expect(start.statusCode).toBe(400);
    expect(fieldsOf(start).map((f: string[]) => f[0])).toEqual(['dateStart', 'dateEnd']);
    expect((await employee.patch(`${base}/sprints/${undated.id}`, { dateStart: day(3), dateEnd: day(2), version: undated.version })).statusCode).toBe(400);
    expect((await employee.del(`${base}/sprints/${undated.id}`)).statusCode).toBe(200);
  });

  it('take items, start with their points planned, one active at a time, and complete with the unfinished carried over', async () => {
    const s1 = await sprint(employee, 'Спринт 1');
    const s2 = await sprint(employee, 'Спринт 2', day(7), day(13));
    const x = await item(employee, 'Спринт: вёрстка', 5);
    const y = await item(employee, 'Спринт: API', 3);
    const z = await item(employee, 'Спринт: тесты', 2);
    expect((await place(employee, x, s1.id)).statusCode).toBe(200);
    expect((await place(employee, y, s1.id, x.id)).statusCode).toBe(200);
    expect((await place(employee, z, s1.id, y.id)).statusCode).toBe(200);
    // Taken out again and put back: an item goes to the backlog and returns.
    expect((await place(employee, await fresh(z.id), null)).statusCode).toBe(200);
    expect((await board()).backlog.some((i: { id: number }) => i.id === z.id)).toBe(true);
    expect((await place(employee, await fresh(z.id), s1.id, y.id)).statusCode).toBe(200);
    const planned = (await board()).sprints.find((s: { id: number }) => s.id === s1.id);
    expect(planned.items.map((i: { title: string }) => i.title)).toEqual(['Спринт: вёрстка', 'Спринт: API', 'Спринт: тесты']);
    expect(planned.points).toBe(10);

    expect((await employee.post(`${base}/sprints/${s1.id}/start`, { version: 0 + 1 + 1 })).statusCode).toBe(409);
    const started = await employee.post(`${base}/sprints/${s1.id}/start`, { version: s1.version });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'active', plannedPoints: 10 });
    const second = await employee.post(`${base}/sprints/${s2.id}/start`, { version: s2.version });
    expect(second.statusCode).toBe(400);
    expect(fieldsOf(second)).toEqual([['sprintId', 'В проекте уже идёт спринт: завершите его, прежде чем начинать следующий']]);
    expect((await employee.get('/api/tasks/scrum')).json()[0].activeSprint).toMatchObject({ id: s1.id, title: 'Спринт 1' });

    // Work on the sprint's Kanban: the employee created these tasks, so they may move them.
    const move = async (id: number, status: string) => employee.post(`${base}/items/${id}/status`, { status, version: (await fresh(id)).version });
    expect((await move(x.id, 'in_progress')).json().status).toBe('in_progress');
    expect((await move(x.id, 'completed')).json().status).toBe('completed');
    expect((await move(y.id, 'review')).json().status).toBe('review');
    expect((await move(y.id, 'in_progress')).json().status).toBe('in_progress');
    expect((await employee.post(`${base}/items/${y.id}/status`, { status: 'completed', version: 1 })).statusCode).toBe(409);

    const stale = await employee.post(`${base}/sprints/${s1.id}/complete`, { version: s1.version, carryOverSprintId: null });
    expect(stale.statusCode).toBe(409);
    const badTarget = await employee.post(`${base}/sprints/${s1.id}/complete`, { version: started.json().version, carryOverSprintId: s1.id });
    expect(badTarget.statusCode).toBe(400);
    expect(fieldsOf(badTarget)[0][0]).toBe('carryOverSprintId');
    const completed = await employee.post(`${base}/sprints/${s1.id}/complete`, { version: started.json().version, carryOverSprintId: s2.id });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json()).toMatchObject({ status: 'completed', completedPoints: 5, plannedPoints: 10 });
    const after = await board();
    expect(after.sprints.map((s: { id: number }) => s.id)).not.toContain(s1.id);
    expect(
      after.sprints
        .find((s: { id: number }) => s.id === s2.id)
        .items.map((i: { id: number }) => i.id)
        .sort(),
    ).toEqual([y.id, z.id].sort());
    expect((await employee.get(`/api/tasks/${x.id}`)).json().sprintId).toBe(s1.id);

    // The next sprint runs and its unfinished items go back to the backlog.
    const s2now = after.sprints.find((s: { id: number }) => s.id === s2.id);
    expect((await employee.patch(`${base}/sprints/${s2.id}`, { dateStart: day(0), version: s2now.version })).statusCode).toBe(200);
    const run2 = (await employee.post(`${base}/sprints/${s2.id}/start`, { version: s2now.version + 1 })).json();
    expect(run2.plannedPoints).toBe(5);
    const done2 = (await employee.post(`${base}/sprints/${s2.id}/complete`, { version: run2.version, carryOverSprintId: null })).json();
    expect(done2.completedPoints).toBe(0);
    const backlog = (await board()).backlog.map((i: { id: number }) => i.id);
    expect(backlog).toEqual(expect.arrayContaining([y.id, z.id]));

    const velocity = (await employee.get(`${base}/reports`)).json().velocity;
    expect(velocity.map((v: { title: string; planned: number; completed: number }) => [v.title, v.planned, v.completed])).toEqual([
      ['Спринт 1', 10, 5],
      ['Спринт 2', 5, 0],
    ]);

    const ctx = systemCtxFor(t, p.portal);
    const events = await scoped(ctx).selectFrom('domain_event').select(['type', 'payload']).where('entity_type', '=', 'task_sprint').where('entity_id', '=', String(s1.id)).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['task.sprint_created', 'task.sprint_started', 'task.sprint_completed']);
    expect(JSON.parse(String(events[2]!.payload))).toMatchObject({ completedPoints: 5, carryOverSprintId: s2.id, groupId: project });
  });

  it('move cards only by the task’s own status rules', async () => {
    const s = await sprint(head, 'Спринт прав', day(0), day(5));
    const theirs = await item(head, 'Задача руководителя', 2, { sprintId: s.id });
    const started = await head.post(`${base}/sprints/${s.id}/start`, { version: s.version });
    expect(started.statusCode, started.body).toBe(200);
    // The employee sees the card but is neither its responsible nor its creator.
    const card = (await board()).sprints.find((x: { id: number }) => x.id === s.id).items[0];
    expect(card).toMatchObject({ id: theirs.id, changeStatus: false });
    expect((await employee.post(`${base}/items/${theirs.id}/status`, { status: 'in_progress', version: card.version })).statusCode).toBe(403);
    expect((await head.post(`${base}/items/${theirs.id}/status`, { status: 'in_progress', version: card.version })).json().status).toBe('in_progress');
    const backlogTask = await item(head, 'Не в спринте');
    expect((await head.post(`${base}/items/${backlogTask.id}/status`, { status: 'completed', version: backlogTask.version })).statusCode).toBe(400);
    await head.post(`${base}/sprints/${s.id}/complete`, { version: started.json().version, carryOverSprintId: null });
  });
});

describe('the burndown', () => {
  it('draws the ideal line from the planned points to zero and the points left by the day items were done', async () => {
    const s = await sprint(employee, 'Спринт графика', day(-3), day(3));
    const items = [await item(employee, 'График 1', 5, { sprintId: s.id }), await item(employee, 'График 2', 3, { sprintId: s.id }), await item(employee, 'График 3', 4, { sprintId: s.id })];
    const started = (await employee.post(`${base}/sprints/${s.id}/start`, { version: s.version })).json();
    expect(started.plannedPoints).toBe(12);
    for (const it of items.slice(0, 2)) await employee.post(`${base}/items/${it.id}/status`, { status: 'completed', version: (await fresh(it.id)).version });
    // The first was done two days ago (a completion moment on an earlier day of the sprint).
    const ctx = systemCtxFor(t, p.portal);
    await scoped(ctx)
      .updateTable('task')
      .set({ closed_at: new Date(Date.now() - 2 * 86_400_000).toISOString() })
      .where('id', '=', items[0]!.id)
      .execute();
    const r = (await employee.get(`${base}/reports`)).json();
    expect(r.sprint).toMatchObject({ id: s.id, status: 'active', plannedPoints: 12 });
    expect(r.burndown).toHaveLength(7);
    expect(r.burndown[0]).toMatchObject({ date: day(-3), ideal: 12, remaining: 12 });
    expect(r.burndown[6]).toMatchObject({ date: day(3), ideal: 0, remaining: null });
    expect(r.burndown[3].ideal).toBe(6);
    expect(r.burndown.map((d: { remaining: number | null }) => d.remaining)).toEqual([12, 7, 7, 4, null, null, null]);
    await employee.post(`${base}/sprints/${s.id}/complete`, { version: started.version, carryOverSprintId: null });
    const done = (await employee.get(`${base}/reports?sprintId=${s.id}`)).json();
    expect(done.burndown.map((d: { remaining: number | null }) => d.remaining)).toEqual([12, 7, 7, 4, 4, 4, 4]);
    expect(done.velocity.at(-1)).toMatchObject({ title: 'Спринт графика', planned: 12, completed: 8 });
  });
});

describe('the demo Scrum project', () => {
  it('has epics, a running sprint whose burndown has a shape, a planned one, a backlog and a completed sprint for velocity', async () => {
    const u = p.users;
    await t.platform.db.transaction().execute(async (tx) => {
      const ctx = { ...systemCtxFor(t, p.portal), db: tx };
      await demoScrum(ctx, { password: '', logins: [], users: { admin: u.admin.id, headTm: u.head.id, tm1: u.employee.id, tm2: u.other.id } });
    });
    const list = (await admin.get('/api/tasks/scrum')).json();
    const demo = list.find((x: { name: string }) => x.name === DEMO_SCRUM_PROJECT);
    expect(demo.activeSprint).toMatchObject({ title: 'Спринт 2' });
    const b = (await admin.get(`/api/tasks/scrum/${demo.id}`)).json();
    expect(b.epics).toHaveLength(3);
    expect(b.backlog.length).toBeGreaterThan(3);
    expect(b.sprints.map((s: { title: string; status: string }) => [s.title, s.status])).toEqual([
      ['Спринт 2', 'active'],
      ['Спринт 3', 'planned'],
    ]);
    const r = (await admin.get(`/api/tasks/scrum/${demo.id}/reports`)).json();
    expect(r.velocity).toEqual([expect.objectContaining({ title: 'Спринт 1', planned: 21, completed: 18 })]);
    const known = r.burndown.filter((d: { remaining: number | null }) => d.remaining !== null).map((d: { remaining: number }) => d.remaining);
    expect(known[0]).toBe(r.sprint.plannedPoints);
    expect(known.at(-1)).toBeLessThan(known[0]);
    // Members of the project see it too.
    expect((await employee.get('/api/tasks/scrum')).json().map((x: { name: string }) => x.name)).toContain(DEMO_SCRUM_PROJECT);
  });
});
