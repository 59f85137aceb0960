import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { systemCtxFor } from '../../../../test/support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { tasksLinkedTo } from '../api.js';

let t: TestApp;
let p: TestPortal;
let head: Agent;
let employee: Agent;
let other: Agent;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  [head, employee, other] = await Promise.all([signIn(t, p.portal.name, p.users.head.email), signIn(t, p.portal.name, p.users.employee.email), signIn(t, p.portal.name, p.users.other.email)]);
});
afterAll(() => t?.dispose());

const inMinutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
const ctx = () => systemCtxFor(t, p.portal);
async function bell(userId: number) {
  await t.platform.events.drain();
  return scoped(ctx()).selectFrom('notification').select(['title', 'body', 'url', 'kind']).where('user_id', '=', userId).orderBy('id').execute();
}

describe('notifications', () => {
  it('tell the people given a task, by their role, and never the one who acted', async () => {
    const task = (await head.post('/api/tasks', { title: 'Согласовать смету', responsibleId: p.users.employee.id, auditorIds: [p.users.other.id] })).json();
    const toEmployee = (await bell(p.users.employee.id)).filter((n) => n.url === `/tasks/task/${task.id}`);
    const toOther = (await bell(p.users.other.id)).filter((n) => n.url === `/tasks/task/${task.id}`);
    expect(toEmployee.map((n) => n.title)).toEqual(['Вам поручена задача']);
    expect(toEmployee[0]!.body).toContain('Согласовать смету');
    expect(toOther.map((n) => n.title)).toEqual(['Вы наблюдатель задачи']);
    expect((await bell(p.users.head.id)).some((n) => n.url === `/tasks/task/${task.id}`)).toBe(false);
  });

  it('tell the creator a controlled task waits for them, and the responsible when it is returned', async () => {
    const task = (await head.post('/api/tasks', { title: 'Сдать чертежи', responsibleId: p.users.employee.id, taskControl: true })).json();
    await employee.post(`/api/tasks/${task.id}/actions/complete`, {});
    expect((await bell(p.users.head.id)).filter((n) => n.url === `/tasks/task/${task.id}`).map((n) => n.title)).toEqual(['Задача ждёт вашего контроля']);
    await head.post(`/api/tasks/${task.id}/actions/disapprove`, {});
    expect((await bell(p.users.employee.id)).filter((n) => n.url === `/tasks/task/${task.id}` && n.kind === 'tasks.status').map((n) => n.title)).toEqual(['Задача возвращена на доработку']);
  });

  it('warn an hour before the deadline and when it has passed, but not for a deadline since moved or a task since completed', async () => {
    await head.post('/api/tasks', { title: 'Позвонить клиенту', responsibleId: p.users.employee.id, deadline: inMinutes(90) });
    const moved = (await head.post('/api/tasks', { title: 'Перенесённая', responsibleId: p.users.employee.id, deadline: inMinutes(90) })).json();
    await t.platform.events.drain();
    await head.patch(`/api/tasks/${moved.id}`, { deadline: inMinutes(600), version: moved.version });
    await t.platform.events.drain();
    await t.platform.jobs.runDue(new Date(Date.now() + 40 * 60_000));
    const near = (await bell(p.users.employee.id)).filter((n) => n.kind === 'tasks.deadline_near');
    expect(near.map((n) => n.body)).toEqual(['Позвонить клиенту']);
    await t.platform.jobs.runDue(new Date(Date.now() + 100 * 60_000));
    expect((await bell(p.users.employee.id)).filter((n) => n.kind === 'tasks.overdue').map((n) => n.body)).toEqual(['Позвонить клиенту']);
    expect((await bell(p.users.head.id)).filter((n) => n.kind === 'tasks.overdue').map((n) => n.body)).toEqual(['Позвонить клиенту']);
    const done = (await head.post('/api/tasks', { title: 'Уже сделано', responsibleId: p.users.employee.id, deadline: inMinutes(200) })).json();
    await employee.post(`/api/tasks/${done.id}/actions/complete`, {});
    await t.platform.events.drain();
    await t.platform.jobs.runDue(new Date(Date.now() + 300 * 60_000));
    expect((await bell(p.users.employee.id)).filter((n) => n.body === 'Уже сделано' && n.kind !== 'tasks.status')).toEqual([]);
  });
});

describe('reminders', () => {
  it('come once at their time, to their user only, and refuse a time in the past', async () => {
    const task = (await employee.post('/api/tasks', { title: 'Напомни мне' })).json();
    expect((await employee.post(`/api/tasks/${task.id}/reminders`, { remindAt: inMinutes(-5) })).statusCode).toBe(400);
    const list = (await employee.post(`/api/tasks/${task.id}/reminders`, { remindAt: inMinutes(30) })).json();
    expect(list.items).toHaveLength(1);
    expect((await other.post(`/api/tasks/${task.id}/reminders`, { remindAt: inMinutes(30) })).statusCode).toBe(404);
    await t.platform.jobs.runDue(new Date(Date.now() + 31 * 60_000));
    await t.platform.jobs.runDue(new Date(Date.now() + 32 * 60_000));
    expect((await bell(p.users.employee.id)).filter((n) => n.kind === 'tasks.reminder').map((n) => n.body)).toEqual(['Напомни мне']);
    expect((await employee.get(`/api/tasks/${task.id}/reminders`)).json().items[0].sentAt).not.toBeNull();
  });
});

describe('CRM links', () => {
  it('bind a task to a deal: the card names it, the deal lists the task, one who may not read the deal sees no title', async () => {
    const deal = (await employee.post('/api/crm/deals', { title: 'Офис на Тверской' })).json();
    const task = (await employee.post('/api/tasks', { title: 'Квалифицировать заявку', crmLinks: [{ type: 'deal', id: deal.id }] })).json();
    const links = (await employee.get(`/api/tasks/${task.id}/crm-links`)).json().items;
    expect(links).toEqual([{ type: 'deal', id: deal.id, title: 'Офис на Тверской', url: `/crm/deal/details/${deal.id}`, readable: true }]);
    const as = (userId: number) => ({ ...ctx(), actor: { userId, accountId: 0, portalId: p.portal.id, role: 'employee' as const, departmentId: null, language: 'ru' as const } });
    expect((await tasksLinkedTo(as(p.users.employee.id), 'deal', deal.id)).map((x) => x.title)).toEqual(['Квалифицировать заявку']);
    // The other employee sees neither the task (not a participant) in the deal's list.
    expect(await tasksLinkedTo(as(p.users.other.id), 'deal', deal.id)).toEqual([]);

    // A deal of the administrator (another department) is not the employee's to read: its title stays hidden on a task they are given.
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const secret = (await admin.post('/api/crm/deals', { title: 'Сделка руководства' })).json();
    const given = (await admin.post('/api/tasks', { title: 'Подготовить документы', responsibleId: p.users.employee.id, crmLinks: [{ type: 'deal', id: secret.id }] })).json();
    expect((await employee.get(`/api/tasks/${given.id}/crm-links`)).json().items).toEqual([{ type: 'deal', id: secret.id, title: 'Нет доступа', url: null, readable: false }]);
    // Nor can the employee bind a task to it.
    expect((await employee.put(`/api/tasks/${task.id}/crm-links`, { links: [{ type: 'deal', id: secret.id }] })).statusCode).toBe(400);
    // The card replaces its links; removing one is recorded in the task's history.
    expect((await employee.put(`/api/tasks/${task.id}/crm-links`, { links: [] })).json().items).toEqual([]);
  });

  it('refuse an item of another portal or one that does not exist with 400', async () => {
    const q = await buildPortal(t);
    const stranger = await signIn(t, q.portal.name, q.users.employee.email);
    const foreign = (await stranger.post('/api/crm/deals', { title: 'Чужая сделка' })).json();
    const res = await employee.post('/api/tasks', { title: 'Чужая', crmLinks: [{ type: 'deal', id: foreign.id }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'crmLinks.0', message: 'Такого элемента CRM нет или он вам недоступен' });
  });
});

describe('comments on a task', () => {
  it('are counted on the task and tell its participants; a mention names the task; an outsider cannot comment', async () => {
    const task = (await head.post('/api/tasks', { title: 'Обсудить планировку', responsibleId: p.users.employee.id })).json();
    expect((await other.post(`/api/comments/task/${task.id}`, { html: '<p>Можно?</p>' })).statusCode).toBe(404);
    const c = await employee.post(`/api/comments/task/${task.id}`, { html: `<p>Готово, <span data-mention="${p.users.other.id}">@Мария</span> посмотрите</p>` });
    expect(c.statusCode).toBe(200);
    await t.platform.events.drain();
    expect((await head.get(`/api/tasks/${task.id}`)).json().commentsCount).toBe(1);
    const toHead = (await bell(p.users.head.id)).filter((n) => n.kind === 'tasks.comment' && n.url === `/tasks/task/${task.id}`);
    expect(toHead.map((n) => n.body)).toEqual(['Обсудить планировку · Иван Сотрудников']);
    expect((await bell(p.users.employee.id)).filter((n) => n.kind === 'tasks.comment')).toEqual([]);
    // The mentioned colleague is no participant: the task is not theirs to read, so no notification names it.
    expect((await bell(p.users.other.id)).filter((n) => n.url === `/tasks/task/${task.id}`)).toEqual([]);
    const shared = (await head.post('/api/tasks', { title: 'Общая задача', auditorIds: [p.users.other.id] })).json();
    await head.post(`/api/comments/task/${shared.id}`, { html: `<p><span data-mention="${p.users.other.id}">@Мария</span>, взгляните</p>` });
    const mention = (await bell(p.users.other.id)).filter((n) => n.url === `/tasks/task/${shared.id}`);
    expect(mention.map((n) => n.kind).sort()).toEqual(['comments.mention', 'tasks.auditor']);
    expect(mention.find((n) => n.kind === 'comments.mention')!.body).toContain('Общая задача: ');
  });

  it('tell the participant answered once: the answer, not «new comment» too', async () => {
    const task = (await head.post('/api/tasks', { title: 'Обсудить ответы', responsibleId: p.users.employee.id })).json();
    const question = (await employee.post(`/api/comments/task/${task.id}`, { html: '<p>Как быть?</p>' })).json();
    await head.post(`/api/comments/task/${task.id}`, { html: '<p>Вот так</p>', parentId: question.id });
    const toEmployee = (await bell(p.users.employee.id)).filter((n) => n.url === `/tasks/task/${task.id}` && n.kind !== 'tasks.responsible');
    expect(toEmployee.map((n) => [n.kind, n.title])).toEqual([['comments.reply', 'Ольга Начальникова ответил(а) на ваш комментарий']]);
    expect((await head.get(`/api/tasks/${task.id}`)).json().commentsCount).toBe(2);
  });
});

describe("a deal's timeline", () => {
  it('lists the tasks bound to the deal that the reader may see, with their status', async () => {
    const deal = (await employee.post('/api/crm/deals', { title: 'Тимлайн сделки' })).json();
    const mine = (await employee.post('/api/tasks', { title: 'Узнать интерес', crmLinks: [{ type: 'deal', id: deal.id }], deadline: inMinutes(600) })).json();
    const theirs = (await head.post('/api/tasks', { title: 'Задача руководителя', crmLinks: [{ type: 'deal', id: deal.id }] })).json();
    await employee.post(`/api/tasks/${mine.id}/actions/start`, {});
    const entries = (await employee.get(`/api/crm/deal/${deal.id}/timeline`)).json().items.filter((e: { kind: string }) => e.kind === 'linked');
    expect(entries).toEqual([
      expect.objectContaining({ itemKind: 'task', id: mine.id, title: 'Узнать интерес', state: 'Выполняется', done: false, url: `/tasks/task/${mine.id}`, responsible: 'Иван Сотрудников' }),
    ]);
    // The head sees both: the employee's task as the head of their department, and their own.
    const forHead = (await head.get(`/api/crm/deal/${deal.id}/timeline`)).json().items.filter((e: { kind: string }) => e.kind === 'linked');
    expect(forHead.map((e: { id: number }) => e.id).sort()).toEqual([mine.id, theirs.id].sort());
    // An administrator sees every task of the portal (no rights condition in the statement).
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const forAdmin = (await admin.get(`/api/crm/deal/${deal.id}/timeline`)).json().items.filter((e: { kind: string }) => e.kind === 'linked');
    expect(forAdmin).toHaveLength(2);
  });
});
