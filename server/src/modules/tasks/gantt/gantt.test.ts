import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { systemCtxFor } from '../../../../test/support.js';
import { createGroup } from '../../groups/api.js';
import { actorFor } from '../../users/api.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
});
afterAll(() => t?.dispose());

const DAY = 86_400_000;
const base = Date.parse('2027-03-01T06:00:00.000Z');
const day = (n: number) => new Date(base + n * DAY).toISOString();

interface Bar {
  id: number;
  title: string;
  start: string;
  end: string;
  version: number;
}

/** A task planned from day `from` to day `to` (relative to 1 March 2027). */
async function task(who: Agent, title: string, from: number, to: number, extra: Record<string, unknown> = {}): Promise<Bar> {
  const res = await who.post('/api/tasks', { title, startPlan: day(from), endPlan: day(to), ...extra });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function link(who: Agent, pred: Bar, succ: Bar, kind?: string) {
  return who.post('/api/tasks/gantt/dependencies', { predecessorId: pred.id, successorId: succ.id, ...(kind ? { kind } : {}) });
}

async function move(who: Agent, b: Bar, from: number, to: number) {
  const fresh = (await who.get(`/api/tasks/${b.id}`)).json();
  return who.post(`/api/tasks/${b.id}/plan`, { startPlan: day(from), endPlan: day(to), version: fresh.version });
}

const plan = async (who: Agent, id: number) => {
  const t2 = (await who.get(`/api/tasks/${id}`)).json();
  return [t2.startPlan && new Date(t2.startPlan).toISOString(), t2.endPlan && new Date(t2.endPlan).toISOString()];
};

describe('moving a task re-plans its dependents', () => {
  it('finish-to-start: the successor starts when the predecessor ends, keeping its duration', async () => {
    const a = await task(employee, 'Фундамент', 0, 2);
    const b = await task(employee, 'Стены', 2, 5);
    expect((await link(employee, a, b)).json().link).toMatchObject({ kind: 'finish_start', predecessorId: a.id, successorId: b.id });
    const res = await move(employee, a, 1, 4);
    expect(res.statusCode).toBe(200);
    const moved = res.json().moved as Bar[];
    expect(moved.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    expect(await plan(employee, b.id)).toEqual([day(4), day(7)]);
    // Moving it back leaves the successor where it is: tasks are only pushed, never pulled.
    expect((await move(employee, a, 0, 1)).json().moved.map((m: Bar) => m.id)).toEqual([a.id]);
    expect(await plan(employee, b.id)).toEqual([day(4), day(7)]);
  });

  it('start-to-start, finish-to-finish and start-to-finish each hold their own ends', async () => {
    const a = await task(employee, 'SS-пред', 0, 3);
    const b = await task(employee, 'SS-след', 1, 2);
    await link(employee, a, b, 'start_start');
    await move(employee, a, 2, 5);
    expect(await plan(employee, b.id)).toEqual([day(2), day(3)]);

    const c = await task(employee, 'FF-пред', 0, 3);
    const d = await task(employee, 'FF-след', 1, 4);
    await link(employee, c, d, 'finish_finish');
    await move(employee, c, 0, 6);
    expect(await plan(employee, d.id)).toEqual([day(3), day(6)]);

    const e = await task(employee, 'SF-пред', 5, 6);
    const f = await task(employee, 'SF-след', 2, 5);
    await link(employee, e, f, 'start_finish');
    await move(employee, e, 8, 9);
    expect(await plan(employee, f.id)).toEqual([day(5), day(8)]);
    // A task with room to spare stays put.
    await move(employee, e, 7, 9);
    expect(await plan(employee, f.id)).toEqual([day(5), day(8)]);
  });

  it('moves dependents transitively, each once, and records task.updated with the plan as source for each', async () => {
    const a = await task(employee, 'A', 0, 1);
    const b = await task(employee, 'B', 1, 2);
    const c = await task(employee, 'C', 1, 3);
    const d = await task(employee, 'D', 3, 4);
    await link(employee, a, b);
    await link(employee, a, c);
    await link(employee, b, d);
    await link(employee, c, d);
    const res = await move(employee, a, 2, 3);
    expect(
      res
        .json()
        .moved.map((m: Bar) => m.id)
        .sort(),
    ).toEqual([a.id, b.id, c.id, d.id].sort());
    expect(await plan(employee, b.id)).toEqual([day(3), day(4)]);
    expect(await plan(employee, c.id)).toEqual([day(3), day(5)]);
    expect(await plan(employee, d.id)).toEqual([day(5), day(6)]);
    const events = await t.platform.db
      .selectFrom('domain_event')
      .select(['entity_id', 'payload'])
      .where('portal_id', '=', p.portal.id)
      .where('type', '=', 'task.updated')
      .where('entity_id', '=', String(d.id))
      .execute();
    const planned = events.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload)).filter((x) => x.changes?.some((c: { field: string }) => c.field === 'start_plan'));
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ source: 'plan', participants: [p.users.employee.id] });
  });

  it('refuses a move that would push a dependent past its deadline, naming it, and changes nothing', async () => {
    const a = await task(employee, 'Поставка', 0, 1);
    const b = await task(employee, 'Монтаж', 1, 2, { deadline: day(3) });
    await link(employee, a, b);
    const res = await move(employee, a, 0, 5);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'startPlan', message: 'Задача «Монтаж» сдвинулась бы за свой крайний срок: сначала перенесите его' });
    expect(await plan(employee, a.id)).toEqual([day(0), day(1)]);
  });

  it('answers 409 on a stale version and 404 to someone who cannot see the task', async () => {
    const a = await task(employee, 'Версия', 0, 1);
    expect((await employee.post(`/api/tasks/${a.id}/plan`, { startPlan: day(1), endPlan: day(2), version: a.version })).statusCode).toBe(200);
    expect((await employee.post(`/api/tasks/${a.id}/plan`, { startPlan: day(2), endPlan: day(3), version: a.version })).statusCode).toBe(409);
    expect((await other.post(`/api/tasks/${a.id}/plan`, { startPlan: day(2), endPlan: day(3), version: a.version + 1 })).statusCode).toBe(404);
  });
});

describe('links', () => {
  it('creating one moves the successor at once when it does not hold', async () => {
    const a = await task(employee, 'Раньше', 0, 4);
    const b = await task(employee, 'Позже', 1, 2);
    const res = await link(employee, a, b);
    expect(res.json().moved.map((m: Bar) => m.id)).toEqual([b.id]);
    expect(await plan(employee, b.id)).toEqual([day(4), day(5)]);
  });

  it('refuses a self-link, a duplicate and a cycle with 400 that explains it', async () => {
    const a = await task(employee, 'Первая', 0, 1);
    const b = await task(employee, 'Вторая', 1, 2);
    const c = await task(employee, 'Третья', 2, 3);
    const self = await link(employee, a, a);
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields[0]).toMatchObject({ field: 'successorId', message: 'Задачу нельзя связать с ней самой' });
    expect((await link(employee, a, b)).statusCode).toBe(200);
    const twice = await link(employee, a, b, 'start_start');
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.fields[0].message).toBe('Эти задачи уже связаны');
    expect((await link(employee, b, c)).statusCode).toBe(200);
    const cycle = await link(employee, c, a);
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.fields[0].message).toBe('Связь замкнула бы цикл: «Третья» уже зависит от «Первая»');
    const back = await link(employee, b, a);
    expect(back.statusCode).toBe(400);
    expect(back.json().error.fields[0].message).toContain('цикл');
  });

  it('refuses a task of another portal or out of sight as «no such task», and a successor the user may not edit with 403', async () => {
    const mine = await task(employee, 'Моя', 0, 1);
    const q = await buildPortal(t);
    const stranger = await signIn(t, q.portal.name, q.users.employee.email);
    const foreign = await task(stranger, 'Чужой портал', 0, 1);
    const cross = await link(employee, mine, foreign);
    expect(cross.statusCode).toBe(400);
    expect(cross.json().error.fields[0]).toMatchObject({ field: 'successorId', message: 'Такой задачи нет' });
    const hidden = await task(other, 'Скрытая', 0, 1);
    const unseen = await link(employee, hidden, mine);
    expect(unseen.statusCode).toBe(400);
    expect(unseen.json().error.fields[0]).toMatchObject({ field: 'predecessorId', message: 'Такой задачи нет' });
    // An auditor sees a task but may not edit it: it cannot be made to follow another.
    const watched = await task(other, 'Наблюдаю', 0, 1, { auditorIds: [p.users.employee.id] });
    const locked = await link(employee, mine, watched);
    expect(locked.statusCode).toBe(403);
    expect(locked.json().error.message).toBe('Связать можно только с задачей, которую вы можете изменять');
    expect((await link(employee, watched, mine)).statusCode).toBe(200);
  });

  it('changes kind and is deleted by who may edit the successor; others get 404; the card lists them', async () => {
    const a = await task(employee, 'Пред', 0, 2);
    const b = await task(employee, 'След', 2, 3);
    const created = (await link(employee, a, b)).json().link;
    const links = (await employee.get(`/api/tasks/${b.id}/links`)).json();
    expect(links).toEqual({ predecessors: [{ id: created.id, kind: 'finish_start', task: { id: a.id, title: 'Пред' } }], successors: [] });
    expect((await other.patch(`/api/tasks/gantt/dependencies/${created.id}`, { kind: 'finish_finish' })).statusCode).toBe(404);
    const changed = await employee.patch(`/api/tasks/gantt/dependencies/${created.id}`, { kind: 'finish_finish' });
    expect(changed.json().link.kind).toBe('finish_finish');
    expect((await other.del(`/api/tasks/gantt/dependencies/${created.id}`)).statusCode).toBe(404);
    expect((await employee.del(`/api/tasks/gantt/dependencies/${created.id}`)).statusCode).toBe(200);
    expect((await employee.get(`/api/tasks/${b.id}/links`)).json().predecessors).toEqual([]);
  });
});

describe('the Gantt data', () => {
  it('gives a project’s tasks the user may see with bars, progress, parents and links; others get nothing of it', async () => {
    const ctx = systemCtxFor(t, p.portal);
    const actor = (await actorFor(ctx, p.users.head.id))!;
    const group = await createGroup({ ...ctx, actor }, { name: 'Стройка', kind: 'project', memberIds: [p.users.employee.id] });
    const a = await task(head, 'Проект: этап 1', 0, 2, { groupId: group.id });
    const b = await task(employee, 'Проект: этап 2', 2, 4, { groupId: group.id, parentId: a.id });
    const unplanned = (await employee.post('/api/tasks', { title: 'Без плана', groupId: group.id, deadline: day(30) })).json();
    const outside = await task(other, 'Не в проекте', 0, 1);
    await link(employee, a, b);
    const data = (await employee.get(`/api/tasks/gantt?groupId=${group.id}`)).json();
    expect(data.tasks.map((x: Bar) => x.title).sort()).toEqual(['Без плана', 'Проект: этап 1', 'Проект: этап 2']);
    expect(data.tasks.find((x: Bar) => x.id === b.id)).toMatchObject({ parentId: a.id, planned: true, progress: 0, editable: true, responsible: { id: p.users.employee.id } });
    const free = data.tasks.find((x: Bar) => x.id === unplanned.id);
    expect(free).toMatchObject({ planned: false, end: new Date(day(30)).toISOString() });
    expect(data.links).toHaveLength(1);
    expect(data.scopes).toContainEqual({ id: group.id, name: 'Стройка', kind: 'project' });
    // «other» is not in the project: its tasks are not theirs to see.
    const theirs = (await other.get(`/api/tasks/gantt?groupId=${group.id}`)).json();
    expect(theirs.tasks).toEqual([]);
    expect(theirs.links).toEqual([]);
    // «My tasks» of other: only their own.
    const my = (await other.get('/api/tasks/gantt')).json();
    expect(my.tasks.map((x: Bar) => x.id)).toContain(outside.id);
    expect(my.tasks.map((x: Bar) => x.id)).not.toContain(a.id);
    // The admin sees the whole project.
    const all = await admin.get(`/api/tasks/gantt?groupId=${group.id}`);
    expect(all.json().tasks).toHaveLength(3);
  });

  it('a moved task the user cannot see is moved but not given to them', async () => {
    const mine = await task(employee, 'Мой этап', 0, 1);
    const theirs = await task(other, 'Их этап', 1, 2, { accompliceIds: [p.users.employee.id] });
    expect((await link(employee, mine, theirs)).statusCode).toBe(403);
    // other links their task to one they see; employee does not see theirs after all.
    const shared = await task(employee, 'Общий', 0, 1, { auditorIds: [p.users.other.id] });
    const hidden = await task(other, 'Скрытый этап', 1, 2);
    expect((await link(other, shared, hidden)).statusCode).toBe(200);
    const res = await move(employee, shared, 3, 4);
    expect(res.json().moved.map((m: Bar) => m.id)).toEqual([shared.id]);
    expect(await plan(other, hidden.id)).toEqual([day(4), day(5)]);
    expect(JSON.stringify((await employee.get('/api/tasks/gantt')).json())).not.toContain('Скрытый этап');
  });

  it('returns the critical path: the longest chain through the links by duration', async () => {
    const ctx = systemCtxFor(t, p.portal);
    const actor = (await actorFor(ctx, p.users.employee.id))!;
    const group = await createGroup({ ...ctx, actor }, { name: 'Критический путь', kind: 'project' });
    const g = { groupId: group.id };
    const a = await task(employee, 'A', 0, 2, g);
    const b = await task(employee, 'B', 2, 5, g);
    const c = await task(employee, 'C', 2, 3, g);
    const d = await task(employee, 'D', 5, 6, g);
    await task(employee, 'Одна, длинная', 0, 20, g);
    const ab = (await link(employee, a, b)).json().link;
    await link(employee, a, c);
    const bd = (await link(employee, b, d)).json().link;
    await link(employee, c, d);
    const data = (await employee.get(`/api/tasks/gantt?groupId=${group.id}`)).json();
    expect(data.critical).toEqual({ taskIds: [a.id, b.id, d.id], linkIds: [ab.id, bd.id] });
  });
});
