import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { systemCtxFor } from '../../../../test/support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { createGroup } from '../../groups/api.js';
import { actorCtx } from '../../../platform/context.js';
import { actorFor } from '../../users/api.js';

let t: TestApp;
let p: TestPortal;
let p2: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;
let stranger: Agent;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const ids = (res: LightMyRequestResponse) => (res.json().items as { id: number }[]).map((r) => r.id).sort((a, b) => a - b);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

const made: Record<string, number> = {};
const asUser = async (id: number) => actorCtx({ db: t.platform.db, sys: t.platform.sys }, p.portal, (await actorFor(systemCtxFor(t, p.portal), id))!);
let groupId = 0;

beforeAll(async () => {
  t = await startTestApp();
  [p, p2] = [await buildPortal(t), await buildPortal(t)];
  [admin, head, employee, other, stranger] = await Promise.all([
    signIn(t, p.portal.name, p.users.admin.email),
    signIn(t, p.portal.name, p.users.head.email),
    signIn(t, p.portal.name, p.users.employee.email),
    signIn(t, p.portal.name, p.users.other.email),
    signIn(t, p2.portal.name, p2.users.employee.email),
  ]);
  const u = p.users;
  const mk = async (a: Agent, key: string, body: Record<string, unknown>) => {
    const r = await a.post('/api/tasks', { title: key, ...body });
    expect(r.statusCode).toBe(200);
    made[key] = r.json().id;
  };
  // employee does two, helps one, assigned one to other, watches one; other's own task; admin's task in a group other belongs to.
  await mk(employee, 'Позвонить клиенту', { deadline: inDays(-2), tags: ['звонок'] });
  await mk(head, 'Подготовить договор', { responsibleId: u.employee.id, deadline: inDays(3) });
  await mk(head, 'Собрать отчёт', { responsibleId: u.head.id, accompliceIds: [u.employee.id], deadline: inDays(-1) });
  await mk(employee, 'Проверить счёт', { responsibleId: u.other.id, taskControl: true });
  await mk(admin, 'Обновить прайс', { responsibleId: u.admin.id, auditorIds: [u.employee.id] });
  await mk(other, 'Личное дело Марии', {});
  const g = await createGroup(await asUser(u.admin.id), { name: 'Проект Альфа', ownerId: u.admin.id, memberIds: [u.other.id] });
  groupId = g.id;
  await mk(admin, 'Задача проекта', { groupId: g.id });
  await signIn(t, p2.portal.name, p2.users.employee.email).then((a) => a.post('/api/tasks', { title: 'Позвонить клиенту другого портала' }));
});
afterAll(() => t?.dispose());

describe('the list', () => {
  it('filters by the viewer’s role: Делаю, Помогаю, Поручил, Наблюдаю', async () => {
    expect(ids(await employee.get('/api/tasks/list?role=responsible'))).toEqual(sorted([made['Позвонить клиенту']!, made['Подготовить договор']!]));
    expect(ids(await employee.get('/api/tasks/list?role=accomplice'))).toEqual([made['Собрать отчёт']]);
    expect(ids(await employee.get('/api/tasks/list?role=creator'))).toEqual(sorted([made['Позвонить клиенту']!, made['Проверить счёт']!]));
    expect(ids(await employee.get('/api/tasks/list?role=auditor'))).toEqual([made['Обновить прайс']]);
  });

  it('shows only what the viewer may see: a stranger’s tasks, a group’s tasks, the head’s subordinates, another portal', async () => {
    const mine = ids(await employee.get('/api/tasks/list?pageSize=100'));
    expect(mine).not.toContain(made['Личное дело Марии']);
    expect(mine).not.toContain(made['Задача проекта']);
    const others = ids(await other.get('/api/tasks/list?pageSize=100'));
    expect(others).toEqual(sorted([made['Проверить счёт']!, made['Личное дело Марии']!, made['Задача проекта']!]));
    const heads = ids(await head.get('/api/tasks/list?pageSize=100'));
    // The head sees what their subordinates take part in, not the group task nor the admin's own.
    expect(heads).toEqual(expect.arrayContaining([made['Позвонить клиенту'], made['Личное дело Марии'], made['Обновить прайс']]));
    expect(heads).not.toContain(made['Задача проекта']);
    const alien = (await stranger.get('/api/tasks/list?pageSize=100')).json();
    expect(alien.total).toBe(1);
    expect(alien.items[0].title).toBe('Позвонить клиенту другого портала');
    const all = await admin.get('/api/tasks/list?pageSize=100');
    expect(all.json(), all.body).toMatchObject({ total: 7 });
  });

  it('filters by status with «Просрочены», deadline, group, tag, person and search; sorts and pages with a total', async () => {
    expect(ids(await employee.get('/api/tasks/list?status=overdue'))).toEqual(sorted([made['Позвонить клиенту']!, made['Собрать отчёт']!]));
    const from = inDays(1).slice(0, 10);
    const to = inDays(5).slice(0, 10);
    expect(ids(await employee.get(`/api/tasks/list?deadlineFrom=${from}&deadlineTo=${to}`))).toEqual([made['Подготовить договор']]);
    expect(ids(await other.get(`/api/tasks/list?groupId=${groupId}`))).toEqual([made['Задача проекта']]);
    expect(ids(await employee.get(`/api/tasks/list?groupId=${groupId}`))).toEqual([]);
    expect(ids(await employee.get(`/api/tasks/list?tag=${encodeURIComponent('звонок')}`))).toEqual([made['Позвонить клиенту']]);
    expect(ids(await employee.get(`/api/tasks/list?search=${encodeURIComponent('ДОГОВОР')}`))).toEqual([made['Подготовить договор']]);
    // The profile link: another person's tasks, those the viewer may see.
    expect(ids(await head.get(`/api/tasks/list?responsibleId=${p.users.other.id}`))).toEqual(sorted([made['Проверить счёт']!, made['Личное дело Марии']!]));
    expect(ids(await employee.get(`/api/tasks/list?responsibleId=${p.users.other.id}`))).toEqual([made['Проверить счёт']]);
    const byDeadline = (await employee.get('/api/tasks/list?sort=deadline&order=asc&pageSize=10')).json();
    expect(byDeadline.items.map((r: { title: string }) => r.title).slice(0, 3)).toEqual(['Позвонить клиенту', 'Собрать отчёт', 'Подготовить договор']);
    expect(byDeadline.items[0]).toMatchObject({ overdue: true, responsible: { id: p.users.employee.id }, tags: ['звонок'] });
    // A role tab reads its own member rows: tasks without a deadline come last in either direction.
    const titles = async (q: string) => ((await employee.get(`/api/tasks/list?${q}`)).json().items as { title: string }[]).map((r) => r.title);
    expect(await titles('role=creator&sort=deadline&order=asc')).toEqual(['Позвонить клиенту', 'Проверить счёт']);
    expect(await titles('role=creator&sort=deadline&order=desc')).toEqual(['Позвонить клиенту', 'Проверить счёт']);
    expect(await titles('role=creator&sort=created&order=desc')).toEqual(['Проверить счёт', 'Позвонить клиенту']);
    expect(await titles('role=responsible&sort=deadline&order=desc')).toEqual(['Подготовить договор', 'Позвонить клиенту']);
    expect(await titles('role=accomplice&status=overdue&tag=none')).toEqual([]);
    expect((await employee.get('/api/tasks/list?role=creator&page=2&pageSize=10')).json()).toMatchObject({ total: 2, items: [] });
    const page2 = (await employee.get('/api/tasks/list?sort=title&order=asc&pageSize=10&page=2')).json();
    expect(page2).toMatchObject({ total: 5, page: 2, items: [] });
    const byTitle = (await employee.get('/api/tasks/list?sort=title&order=desc')).json();
    expect(byTitle.items[0].title).toBe('Собрать отчёт');
    for (const sort of ['created', 'activity', 'status', 'responsible']) expect((await employee.get(`/api/tasks/list?sort=${sort}`)).statusCode).toBe(200);
  });

  it('answers 400 with the field to a bad filter', async () => {
    const r = await employee.get('/api/tasks/list?status=lost&pageSize=13&deadlineFrom=02.12.2026');
    expect(r.statusCode).toBe(400);
    const fields = (r.json().error.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['deadlineFrom', 'pageSize']));
  });
});

describe('the counters', () => {
  it('count overdue work, new comments and tasks waiting for control, and the list filters by each', async () => {
    const before = (await employee.get('/api/tasks/counters')).json();
    expect(before).toEqual({ overdue: 2, comments: 0, control: 0 });
    // Two comments on the contract task: new to the employee until the card marks it viewed.
    const ctx = systemCtxFor(t, p.portal);
    await scoped(ctx).updateTable('task').set({ comments_count: 2 }).where('id', '=', made['Подготовить договор']!).execute();
    expect((await employee.get('/api/tasks/counters')).json().comments).toBe(1);
    const listed = (await employee.get('/api/tasks/list?counter=comments')).json();
    expect(listed.items.map((r: { id: number; newComments: number }) => [r.id, r.newComments])).toEqual([[made['Подготовить договор'], 2]]);
    expect((await employee.post(`/api/tasks/${made['Подготовить договор']}/view`)).statusCode).toBe(200);
    expect((await employee.get('/api/tasks/counters')).json().comments).toBe(0);
    expect((await other.post(`/api/tasks/${made['Позвонить клиенту']}/view`)).statusCode).toBe(404);
    // The other completes a controlled task: it waits for the employee's control.
    expect((await other.post(`/api/tasks/${made['Проверить счёт']}/actions/complete`)).json().status).toBe('review');
    expect((await employee.get('/api/tasks/counters')).json()).toEqual({ overdue: 2, comments: 0, control: 1 });
    expect(ids(await employee.get('/api/tasks/list?counter=control'))).toEqual([made['Проверить счёт']]);
    expect(ids(await employee.get('/api/tasks/list?counter=overdue'))).toEqual(sorted([made['Позвонить клиенту']!, made['Собрать отчёт']!]));
    // The menu shows their sum.
    const shell = (await employee.get('/api/shell')).json();
    expect(shell.menu.find((m: { id: string }) => m.id === 'tasks').counter).toBe(3);
  });
});

describe('saved filters', () => {
  it('are created, renamed, applied and deleted by their owner only', async () => {
    const created = await employee.post('/api/tasks/list/presets', { name: 'Горящие', filter: { status: ['overdue'], role: 'responsible' } });
    expect(created.statusCode, created.body).toBe(200);
    const preset = created.json();
    expect((await employee.post('/api/tasks/list/presets', { name: 'горящие', filter: {} })).statusCode).toBe(400);
    expect((await employee.patch(`/api/tasks/list/presets/${preset.id}`, { name: 'Срочно' })).json()).toMatchObject({ name: 'Срочно', filter: { status: ['overdue'], role: 'responsible' } });
    expect((await other.patch(`/api/tasks/list/presets/${preset.id}`, { name: 'Чужое' })).statusCode).toBe(404);
    expect((await other.get('/api/tasks/list/presets')).json().items).toEqual([]);
    const list = (await employee.get('/api/tasks/list/presets')).json().items;
    expect(list).toHaveLength(1);
    const f = list[0].filter;
    expect(ids(await employee.get(`/api/tasks/list?role=${f.role}&status=${f.status.join(',')}`))).toEqual([made['Позвонить клиенту']]);
    expect((await other.del(`/api/tasks/list/presets/${preset.id}`)).statusCode).toBe(404);
    expect((await employee.del(`/api/tasks/list/presets/${preset.id}`)).statusCode).toBe(200);
    expect((await employee.get('/api/tasks/list/presets')).json().items).toEqual([]);
  });
});

describe('group actions', () => {
  it('change the deadline where allowed, refuse a locked one with the reason, and report tasks the user may not see', async () => {
    const locked = (await head.post('/api/tasks', { title: 'Срок зафиксирован', responsibleId: p.users.employee.id, allowChangeDeadline: false })).json();
    const free = (await employee.post('/api/tasks', { title: 'Свой срок' })).json();
    const when = inDays(7);
    const r = await employee.post('/api/tasks/bulk', { action: 'deadline', ids: [locked.id, free.id, made['Личное дело Марии']], deadline: when });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.done).toEqual([free.id]);
    expect(body.failed).toEqual([
      { id: locked.id, code: 'deadline_locked', message: expect.stringContaining('только постановщик') },
      { id: made['Личное дело Марии'], code: 'not_found', message: expect.any(String) },
    ]);
    expect((await employee.get(`/api/tasks/${free.id}`)).json().deadline).toBe(new Date(when).toISOString());
    expect((await employee.get(`/api/tasks/${locked.id}`)).json().deadline).toBeNull();
  });

  it('complete, change the responsible, put into a group and delete, each task on its own', async () => {
    const a = (await admin.post('/api/tasks', { title: 'Массовая А' })).json();
    const b = (await admin.post('/api/tasks', { title: 'Массовая Б' })).json();
    expect((await admin.post('/api/tasks/bulk', { action: 'complete', ids: [a.id, b.id] })).json()).toEqual({ done: [a.id, b.id], failed: [] });
    const again = (await admin.post('/api/tasks/bulk', { action: 'complete', ids: [a.id] })).json();
    expect(again.failed[0]).toMatchObject({ id: a.id, code: 'validation' });
    expect((await admin.post('/api/tasks/bulk', { action: 'responsible', ids: [a.id], responsibleId: p.users.other.id })).json().done).toEqual([a.id]);
    expect((await admin.post('/api/tasks/bulk', { action: 'group', ids: [a.id, b.id], groupId })).json().done).toEqual([a.id, b.id]);
    expect(ids(await other.get(`/api/tasks/list?groupId=${groupId}&pageSize=100`))).toEqual(expect.arrayContaining([a.id, b.id]));
    // The employee is no member of the group: they may not put their task there.
    const own = (await employee.post('/api/tasks', { title: 'Не в группу' })).json();
    expect((await employee.post('/api/tasks/bulk', { action: 'group', ids: [own.id], groupId })).json().failed[0]).toMatchObject({ id: own.id, message: 'Вы не участник этой группы' });
    expect((await other.post('/api/tasks/bulk', { action: 'delete', ids: [own.id] })).json().failed[0].code).toBe('not_found');
    expect((await admin.post('/api/tasks/bulk', { action: 'delete', ids: [a.id, b.id] })).json().done).toEqual([a.id, b.id]);
    expect((await admin.get(`/api/tasks/${a.id}`)).statusCode).toBe(404);
  });
});

describe('the export', () => {
  it('writes only the tasks the user may see, in the list’s filter', async () => {
    const res = await other.get('/api/tasks/list/export?sort=title');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const titles: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) titles.push(String(row.getCell(2).value));
    });
    expect(String(sheet.getRow(1).getCell(2).value)).toBe('Название');
    expect(titles.sort()).toEqual(['Задача проекта', 'Личное дело Марии', 'Проверить счёт'].sort());
  });
});

describe('the portal search', () => {
  type Group = { kind: string; items: { id: string; title: string; url: string }[] };
  const tasksFound = async (a: Agent, q: string) => {
    const res = await a.get(`/api/search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    return (res.json().groups as Group[]).find((g) => g.kind === 'tasks.task')?.items ?? [];
  };

  it('finds tasks by words of their title only for those who may see them', async () => {
    const hits = await tasksFound(employee, 'позвонить');
    expect(hits.map((h) => h.id)).toEqual([String(made['Позвонить клиенту'])]);
    expect(hits[0]!.url).toBe(`/tasks/task/${made['Позвонить клиенту']}`);
    expect(await tasksFound(other, 'позвонить')).toEqual([]);
    expect((await tasksFound(employee, 'договор')).map((h) => h.title)).toContain('Подготовить договор');
    const profile = (await head.get(`/api/users/${p.users.other.id}`)).json();
    expect(JSON.stringify(profile)).toContain(`/tasks/list?responsible=${p.users.other.id}`);
  });
});

describe('pages of a role tab', () => {
  it('run on from the dated tasks into the undated ones', async () => {
    for (let i = 1; i <= 8; i++) expect((await stranger.post('/api/tasks', { title: `Срок ${i}`, deadline: inDays(i) })).statusCode).toBe(200);
    for (let i = 1; i <= 3; i++) expect((await stranger.post('/api/tasks', { title: `Без срока ${i}` })).statusCode).toBe(200);
    const page = async (n: number) => (await stranger.get(`/api/tasks/list?role=creator&sort=deadline&order=asc&pageSize=10&page=${n}`)).json();
    const one = await page(1);
    expect(one.total).toBe(12);
    expect(one.items.map((r: { title: string }) => r.title)).toEqual([
      'Срок 1',
      'Срок 2',
      'Срок 3',
      'Срок 4',
      'Срок 5',
      'Срок 6',
      'Срок 7',
      'Срок 8',
      'Позвонить клиенту другого портала',
      'Без срока 1',
    ]);
    expect((await page(2)).items.map((r: { title: string }) => r.title)).toEqual(['Без срока 2', 'Без срока 3']);
    expect((await page(3)).items).toEqual([]);
  });
});
