import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { drainUntil, systemCtxFor } from '../../../../test/support.js';
import { scoped } from '../../../platform/db/scoped.js';

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

type Item = { id: number; title: string; parentId: number | null; isGroup: boolean; isComplete: boolean; completedBy: { id: number } | null; assignee: { id: number } | null };
const ctx = () => systemCtxFor(t, p.portal);
const events = async (taskId: number) =>
  (
    (await scoped(ctx()).selectFrom('domain_event').select(['type', 'payload']).where('entity_type', '=', 'task').where('entity_id', '=', String(taskId)).orderBy('id').execute()) as {
      type: string;
      payload: string;
    }[]
  ).map((e) => ({ type: e.type, payload: JSON.parse(e.payload) as Record<string, unknown> }));

describe('the checklist', () => {
  it('is built by who may edit the task, ticked by accomplices, read by observers; history shows every change', async () => {
    // The head creates, the employee is responsible, «other» helps; the admin observes.
    const task = (await head.post('/api/tasks', { title: 'Чек-лист', responsibleId: p.users.employee.id, accompliceIds: [p.users.other.id], auditorIds: [p.users.admin.id] })).json();
    const group = (await head.post(`/api/tasks/${task.id}/checklist`, { title: 'Подготовка', isGroup: true })).json().items[0] as Item;
    expect(group).toMatchObject({ isGroup: true, title: 'Подготовка' });
    await head.post(`/api/tasks/${task.id}/checklist`, { title: 'Собрать данные', parentId: group.id, assigneeId: p.users.other.id });
    const list = (await employee.post(`/api/tasks/${task.id}/checklist`, { title: 'Написать отчёт', parentId: group.id })).json().items as Item[];
    expect(list.map((i) => i.title)).toEqual(['Подготовка', 'Собрать данные', 'Написать отчёт']);
    const [, a, b] = list as [Item, Item, Item];
    expect(a.assignee).toMatchObject({ id: p.users.other.id });

    // The accomplice ticks, but may not rename or add.
    const ticked = (await other.patch(`/api/tasks/checklist-items/${a.id}`, { isComplete: true })).json().items as Item[];
    expect(ticked.find((i) => i.id === a.id)).toMatchObject({ isComplete: true, completedBy: { id: p.users.other.id } });
    expect((await other.patch(`/api/tasks/checklist-items/${a.id}`, { title: 'Иначе' })).statusCode).toBe(403);
    expect((await other.post(`/api/tasks/${task.id}/checklist`, { title: 'Ещё' })).statusCode).toBe(403);

    // Someone outside the task does not see it at all.
    const outsider = await signIn(t, p.portal.name, p.users.other.email);
    const hidden = (await head.post('/api/tasks', { title: 'Скрытая', responsibleId: p.users.head.id })).json();
    const hiddenItem = (await head.post(`/api/tasks/${hidden.id}/checklist`, { title: 'Пункт' })).json().items[0] as Item;
    expect((await outsider.get(`/api/tasks/${hidden.id}/card`)).statusCode).toBe(404);
    expect((await outsider.patch(`/api/tasks/checklist-items/${hiddenItem.id}`, { isComplete: true })).statusCode).toBe(404);
    expect((await outsider.post(`/api/tasks/${hidden.id}/checklist`, { title: 'x' })).statusCode).toBe(404);

    // Bad input: a group of another task, a group inside a group, an assignee who is not a participant, an order naming the wrong lines.
    expect((await head.post(`/api/tasks/${task.id}/checklist`, { title: 'x', parentId: hiddenItem.id })).json().error.fields[0]).toMatchObject({
      field: 'parentId',
      message: 'Такой группы пунктов в этой задаче нет',
    });
    expect((await head.post(`/api/tasks/${task.id}/checklist`, { title: 'x', isGroup: true, parentId: group.id })).statusCode).toBe(400);
    const stranger = (await admin.post('/api/tasks', { title: 'Для проверки' })).json();
    expect(stranger.id).toBeGreaterThan(0);
    const assignee = await head.patch(`/api/tasks/checklist-items/${b.id}`, { assigneeId: 999999 });
    expect(assignee.statusCode).toBe(400);
    expect(assignee.json().error.fields[0]).toMatchObject({ field: 'assigneeId', message: 'Пункт можно поручить только участнику задачи' });
    expect((await head.post(`/api/tasks/${task.id}/checklist/order`, { ids: [a.id] })).statusCode).toBe(400);

    // Reorder the group's lines, read the card, delete a line.
    const reordered = (await head.post(`/api/tasks/${task.id}/checklist/order`, { ids: [b.id, a.id] })).json().items as Item[];
    expect(reordered.filter((i) => i.parentId === group.id).map((i) => i.id)).toEqual([b.id, a.id]);
    const seenRes = await admin.get(`/api/tasks/${task.id}/card`);
    expect(seenRes.body).toContain('checklist');
    const seen = seenRes.json();
    expect(seen.checklist).toHaveLength(3);
    expect((await employee.del(`/api/tasks/checklist-items/${b.id}`)).json().items).toHaveLength(2);
    // Deleting the group takes its lines with it.
    expect((await employee.del(`/api/tasks/checklist-items/${group.id}`)).json().items).toHaveLength(0);

    const types = (await events(task.id)).filter((e) => e.type === 'task.checklist_changed').map((e) => e.payload.action);
    expect(types).toEqual(['added', 'added', 'added', 'ticked', 'reordered', 'deleted', 'deleted']);
    const history = await drainUntil(t, async () => {
      const res = await employee.get(`/api/history/task/${task.id}`);
      const items = res.json().items as { action: string; field: string | null; newValue: string | null }[];
      return items.some((h) => h.action === 'task.checklist_changed' && h.field === 'checklist_item') && items;
    });
    expect(history).toContainEqual(expect.objectContaining({ action: 'task.checklist_changed', field: 'checklist_item', newValue: 'Собрать данные' }));
    expect(history).toContainEqual(expect.objectContaining({ action: 'task.created' }));
    expect((await other.get(`/api/history/task/${hidden.id}`)).statusCode).toBe(404);
  });
});

describe('the result', () => {
  it('is required to complete a task that asks for one, also when the work goes for control', async () => {
    const task = (await head.post('/api/tasks', { title: 'С результатом', responsibleId: p.users.employee.id, requireResult: true, taskControl: true, auditorIds: [p.users.other.id] })).json();
    const refused = await employee.post(`/api/tasks/${task.id}/actions/complete`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('без результата');
    expect(refused.json().error.fields[0]).toMatchObject({ field: 'result' });
    expect((await employee.post(`/api/tasks/${task.id}/results`, { html: '<p>   </p>' })).statusCode).toBe(400);
    const results = (await employee.post(`/api/tasks/${task.id}/results`, { html: '<p>Отчёт <script>x</script>готов</p>' })).json().items;
    expect(results[0]).toMatchObject({ html: '<p>Отчёт готов</p>', author: { id: p.users.employee.id }, mine: true });
    expect((await employee.post(`/api/tasks/${task.id}/actions/complete`, {})).json().status).toBe('review');
    expect((await head.post(`/api/tasks/${task.id}/actions/approve`, {})).json().status).toBe('completed');
    // Someone else's result: not theirs to delete unless they may edit the task.
    expect((await other.del(`/api/tasks/results/${results[0].id}`)).statusCode).toBe(403);
    expect((await head.del(`/api/tasks/results/${results[0].id}`)).json().items).toEqual([]);
    expect((await events(task.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['task.result_added', 'task.result_deleted', 'task.completed']));
  });
});

describe('time spent', () => {
  it('runs one timer per user, books manual entries, and keeps the task total', async () => {
    const a = (await head.post('/api/tasks', { title: 'Таймер А', responsibleId: p.users.employee.id, estimateSeconds: 7200 })).json();
    const b = (await head.post('/api/tasks', { title: 'Таймер Б', responsibleId: p.users.employee.id })).json();
    const started = (await employee.post(`/api/tasks/${a.id}/timer/start`)).json();
    expect(started.time.timer).toMatchObject({ taskId: a.id, taskTitle: 'Таймер А' });
    expect(started.time.estimateSeconds).toBe(7200);
    // The timer has run for ten minutes.
    await scoped(ctx())
      .updateTable('task_timer')
      .set({ started_at: new Date(Date.now() - 600_000).toISOString() })
      .where('user_id', '=', p.users.employee.id)
      .execute();
    // Starting on B stops A and books its time there.
    const onB = (await employee.post(`/api/tasks/${b.id}/timer/start`)).json();
    expect(onB.time.timer.taskId).toBe(b.id);
    const cardA = (await employee.get(`/api/tasks/${a.id}/card`)).json();
    expect(cardA.time.entries[0]).toMatchObject({ source: 'timer', mine: true });
    expect(cardA.time.entries[0].seconds).toBeGreaterThanOrEqual(600);
    expect(cardA.time.entries[0].seconds).toBeLessThan(620);
    const stopped = (await employee.post(`/api/tasks/${b.id}/timer/stop`)).json();
    expect(stopped.time.timer).toBeNull();

    // A manual entry; its edit and deletion move the total.
    const manual = (await employee.post(`/api/tasks/${a.id}/time`, { startedAt: new Date(Date.now() - 86_400_000).toISOString(), seconds: 1800, comment: 'Созвон' })).json();
    const entry = manual.time.entries.find((e: { comment: string }) => e.comment === 'Созвон');
    const total = manual.time.spentSeconds;
    expect(total).toBe(cardA.time.entries[0].seconds + 1800);
    expect((await employee.patch(`/api/tasks/time/${entry.id}`, { seconds: 3600 })).json().time.spentSeconds).toBe(total + 1800);
    expect((await employee.get(`/api/tasks/${a.id}`)).json().timeSpentSeconds).toBe(total + 1800);
    // The creator is a participant too, but not the owner of this entry.
    expect((await head.patch(`/api/tasks/time/${entry.id}`, { seconds: 10 })).statusCode).toBe(403);
    expect((await head.del(`/api/tasks/time/${entry.id}`)).statusCode).toBe(403);
    expect((await other.del(`/api/tasks/time/${entry.id}`)).statusCode).toBe(404);
    expect((await employee.del(`/api/tasks/time/${entry.id}`)).json().time.spentSeconds).toBe(total - 1800);

    // Bad input: time in the future, zero seconds; someone outside the task.
    const future = await employee.post(`/api/tasks/${a.id}/time`, { startedAt: new Date(Date.now() + 86_400_000).toISOString(), seconds: 60 });
    expect(future.json().error.fields[0]).toMatchObject({ field: 'startedAt', message: 'Время не может начинаться в будущем' });
    expect((await employee.post(`/api/tasks/${a.id}/time`, { startedAt: new Date().toISOString(), seconds: 0 })).statusCode).toBe(400);
    expect((await other.post(`/api/tasks/${a.id}/timer/start`)).statusCode).toBe(404);
    expect((await events(a.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['task.timer_started', 'task.time_added', 'task.time_changed', 'task.time_deleted']));
  });
});

describe('subtasks and views', () => {
  it('makes a subtask from the card, lists it, and marks the card viewed', async () => {
    const parent = (await head.post('/api/tasks', { title: 'Надзадача', responsibleId: p.users.employee.id })).json();
    const sub = await employee.post(`/api/tasks/${parent.id}/subtasks`, { title: 'Подзадача 1' });
    expect(sub.json()).toMatchObject({ parent: { id: parent.id }, creator: { id: p.users.employee.id } });
    expect((await head.get(`/api/tasks/${parent.id}/card`)).json().subtasks).toEqual([expect.objectContaining({ id: sub.json().id, title: 'Подзадача 1', status: 'pending' })]);
    expect((await other.post(`/api/tasks/${parent.id}/subtasks`, { title: 'x' })).statusCode).toBe(404);

    expect((await employee.post(`/api/tasks/${parent.id}/view`)).statusCode).toBe(200);
    expect((await employee.post(`/api/tasks/${parent.id}/view`)).statusCode).toBe(200);
    const view = await scoped(ctx()).selectFrom('task_view').selectAll().where('task_id', '=', parent.id).execute();
    expect(view).toHaveLength(1);
    expect(view[0]).toMatchObject({ user_id: p.users.employee.id, seen_comments: 0 });
    expect((await other.post(`/api/tasks/${parent.id}/view`)).statusCode).toBe(404);
  });

  it('offers the groups the user is a member of', async () => {
    const res = await employee.get('/api/tasks/card/groups');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });
});
