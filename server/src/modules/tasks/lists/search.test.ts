import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { boxItems, boxTitles } from '../../../../test/search-support.js';

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

const found = (a: Agent, q: string) => boxItems(a, q, 'tasks.task');
const titles = (a: Agent, q: string) => boxTitles(a, q, 'tasks.task');

describe('tasks in the portal search', () => {
  it('finds a task by a word form of its title, description, checklist and comments, only for who may open it', async () => {
    const task = (await head.post('/api/tasks', { title: 'Договор', description: '<p>Согласовать условия поставки</p>', responsibleId: p.users.employee.id })).json();
    expect((await employee.post(`/api/tasks/${task.id}/checklist`, { title: 'Подписать спецификацию' })).statusCode).toBe(200);
    expect((await employee.post(`/api/comments/task/${task.id}`, { html: '<p>Юристы прислали замечания</p>' })).statusCode).toBe(200);

    const hits = await found(employee, 'договоров');
    expect(hits).toEqual([expect.objectContaining({ id: String(task.id), title: 'Договор', url: `/tasks/task/${task.id}` })]);
    expect(hits[0]!.subtitle).toBe('Ждёт выполнения');
    for (const q of ['поставкой', 'спецификации', 'замечаний']) expect(await titles(employee, q), q).toEqual(['Договор']);
    // The creator, the administrator; not a colleague who takes no part in it.
    expect(await titles(head, 'договоров')).toEqual(['Договор']);
    expect(await titles(admin, 'договоров')).toEqual(['Договор']);
    expect(await titles(other, 'договоров')).toEqual([]);
    expect(await titles(other, 'поставкой')).toEqual([]);

    // An observer added sees it from then on; taken off again, no longer.
    const version = (await head.get(`/api/tasks/${task.id}`)).json().version;
    const added = await head.patch(`/api/tasks/${task.id}`, { auditorIds: [p.users.other.id], version });
    expect(added.statusCode).toBe(200);
    expect(await titles(other, 'договоров')).toEqual(['Договор']);
    const removed = await head.patch(`/api/tasks/${task.id}`, { auditorIds: [], version: added.json().version });
    expect(removed.statusCode).toBe(200);
    expect(await titles(other, 'договоров')).toEqual([]);
  });

  it('finds the tasks of a group for its members', async () => {
    const group = (await admin.post('/api/groups', { name: 'Проект Маяк', memberIds: [p.users.other.id] })).json();
    expect((await admin.post('/api/tasks', { title: 'Маршрут выставки', groupId: group.id })).statusCode).toBe(200);
    expect(await titles(other, 'маршруты')).toEqual(['Маршрут выставки']);
    expect((await found(other, 'маршруты'))[0]!.subtitle).toBe('Ждёт выполнения · Проект Маяк');
    expect(await titles(employee, 'маршруты')).toEqual([]);
    // The group renamed: the subtitle follows.
    const g = (await admin.get(`/api/groups/${group.id}`)).json();
    expect((await admin.patch(`/api/groups/${group.id}`, { name: 'Проект Свет', version: g.version })).statusCode).toBe(200);
    expect((await found(other, 'маршруты'))[0]!.subtitle).toBe('Ждёт выполнения · Проект Свет');
  });

  it('follows an edit and a delete', async () => {
    const task = (await employee.post('/api/tasks', { title: 'Оплатить аренду' })).json();
    expect(await titles(employee, 'аренды')).toEqual(['Оплатить аренду']);
    const edited = await employee.patch(`/api/tasks/${task.id}`, { title: 'Оплатить хостинг', version: task.version });
    expect(edited.statusCode).toBe(200);
    expect(await titles(employee, 'аренды')).toEqual([]);
    expect(await titles(employee, 'хостинга')).toEqual(['Оплатить хостинг']);
    expect((await employee.del(`/api/tasks/${task.id}`)).statusCode).toBe(200);
    expect(await titles(employee, 'хостинга')).toEqual([]);
  });
});
