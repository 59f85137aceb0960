import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { systemCtxFor } from '../../../test/support.js';
import { scoped } from '../../platform/db/scoped.js';
import { updateTask } from './service.js';

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

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

describe('a task', () => {
  it('is created with its creator as responsible unless told otherwise, and read back', async () => {
    const res = await employee.post('/api/tasks', { title: 'Подготовить КП', description: '<p>Текст <script>alert(1)</script><b>важно</b></p>', tags: ['#кп', 'кп', 'срочно'] });
    expect(res.statusCode).toBe(200);
    const task = res.json();
    expect(task).toMatchObject({ title: 'Подготовить КП', status: 'pending', creator: { id: p.users.employee.id }, responsible: { id: p.users.employee.id }, tags: ['кп', 'срочно'], version: 1 });
    expect(task.description).toBe('<p>Текст <b>важно</b></p>');
    expect((await employee.get(`/api/tasks/${task.id}`)).json().title).toBe('Подготовить КП');
  });

  it('is seen by its participants, the head of their department and administrators; anyone else gets 404', async () => {
    const task = (await employee.post('/api/tasks', { title: 'Видимость', auditorIds: [p.users.admin.id] })).json();
    expect((await head.get(`/api/tasks/${task.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/tasks/${task.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/tasks/${task.id}`, { title: 'x', version: 1 })).statusCode).toBe(404);
    expect((await other.del(`/api/tasks/${task.id}`)).statusCode).toBe(404);
  });

  it('refuses a deadline before the planned start, unknown people and a subtask loop with 400', async () => {
    const bad = await employee.post('/api/tasks', { title: 'Даты', startPlan: inDays(3), deadline: inDays(1), responsibleId: 999999 });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['deadline', 'responsibleId']);
    const a = (await employee.post('/api/tasks', { title: 'Родитель' })).json();
    const b = (await employee.post('/api/tasks', { title: 'Подзадача', parentId: a.id })).json();
    expect(b.parent).toEqual({ id: a.id, title: 'Родитель' });
    const loop = await employee.patch(`/api/tasks/${a.id}`, { parentId: b.id, version: a.version });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().error.fields[0]).toMatchObject({ field: 'parentId', message: 'Задача не может быть подзадачей самой себя или своей подзадачи' });
  });

  it('answers 409 to a change saved over a newer version', async () => {
    const task = (await employee.post('/api/tasks', { title: 'Версии' })).json();
    expect((await employee.patch(`/api/tasks/${task.id}`, { title: 'Версии 2', version: 1 })).statusCode).toBe(200);
    expect((await employee.patch(`/api/tasks/${task.id}`, { title: 'Версии 3', version: 1 })).statusCode).toBe(409);
  });
});

describe('a locked deadline', () => {
  it('is changed by the creator and automation, not by the responsible, who is told why', async () => {
    const task = (await head.post('/api/tasks', { title: 'Найти ЛПР', responsibleId: p.users.employee.id, deadline: inDays(1), allowChangeDeadline: false })).json();
    expect(task.abilities.changeDeadline).toBe(true);
    const seen = (await employee.get(`/api/tasks/${task.id}`)).json();
    expect(seen.abilities).toMatchObject({ changeDeadline: false, edit: true });
    const refused = await employee.patch(`/api/tasks/${task.id}`, { deadline: inDays(5), version: seen.version });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('только постановщик');
    // Other fields the responsible may still change.
    expect((await employee.patch(`/api/tasks/${task.id}`, { title: 'Найти ЛПР (звонок)', version: seen.version })).statusCode).toBe(200);
    const ctx = systemCtxFor(t, p.portal);
    const moved = await updateTask(ctx, task.id, { deadline: inDays(30), version: seen.version + 1 }, { source: 'automation' });
    expect(new Date(moved.deadline!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const byCreator = await head.patch(`/api/tasks/${task.id}`, { deadline: inDays(2), version: moved.version });
    expect(byCreator.statusCode).toBe(200);
    const member = await scoped(ctx).selectFrom('task_member').select('deadline').where('task_id', '=', task.id).where('role', '=', 'responsible').executeTakeFirstOrThrow();
    expect(member.deadline).toBe(byCreator.json().deadline);
  });
});

describe('status', () => {
  it('goes to «Ждёт контроля» when the responsible completes a controlled task, and the creator accepts it', async () => {
    const task = (await head.post('/api/tasks', { title: 'Проверить макет', responsibleId: p.users.employee.id, taskControl: true })).json();
    expect((await employee.post(`/api/tasks/${task.id}/actions/start`, {})).json().status).toBe('in_progress');
    expect((await employee.post(`/api/tasks/${task.id}/actions/complete`, {})).json().status).toBe('review');
    expect((await employee.post(`/api/tasks/${task.id}/actions/approve`, {})).statusCode).toBe(403);
    const done = (await head.post(`/api/tasks/${task.id}/actions/approve`, {})).json();
    expect(done).toMatchObject({ status: 'completed' });
    expect(done.closedAt).not.toBeNull();
    expect((await head.post(`/api/tasks/${task.id}/actions/pause`, {})).statusCode).toBe(400);
  });

  it('records task.completed for automation to consume', async () => {
    const task = (await employee.post('/api/tasks', { title: 'Событие' })).json();
    await employee.post(`/api/tasks/${task.id}/actions/complete`, {});
    const ctx = systemCtxFor(t, p.portal);
    const events = await scoped(ctx).selectFrom('domain_event').selectAll().where('entity_type', '=', 'task').where('entity_id', '=', String(task.id)).execute();
    expect((events as { type: string }[]).map((e) => e.type)).toEqual(expect.arrayContaining(['task.created', 'task.status_changed', 'task.completed']));
  });
});
