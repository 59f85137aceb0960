import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '../../../test/crm/transfer-fixtures.js';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { boxItems, boxTitles } from '../../../test/search-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let other: Agent;
let myDeal: number;
let adminDeal: { id: number; version: number };

const inMinutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, employee, other } = await signInAll(t, p));
  myDeal = (await employee.post('/api/crm/deals', { title: 'Поставка мебели' })).json().id;
  adminDeal = (await admin.post('/api/crm/deals', { title: 'Сделка администратора' })).json();
});
afterAll(() => t?.dispose());

const found = (a: Agent, q: string) => boxItems(a, q, 'activities');
const titles = (a: Agent, q: string) => boxTitles(a, q, 'activities');
const call = (over: Record<string, unknown>) => ({ type: 'call', owner: { type: 'deal', id: myDeal }, startAt: inMinutes(120), ...over });

describe('activities in the portal search', () => {
  it('finds an activity by a word form of its subject and description, at its deal’s card, only for the readers of the deal and its responsible', async () => {
    const mine = (await employee.post('/api/crm/activities', call({ subject: 'Обсудить договор', description: 'Уточнить сроки монтажа' }))).json();
    const hits = await found(employee, 'договоров');
    expect(hits).toEqual([expect.objectContaining({ id: String(mine.id), title: 'Обсудить договор', subtitle: 'Звонок · Сделка', url: `/crm/deal/details/${myDeal}` })]);
    expect(await titles(employee, 'монтажом')).toEqual(['Обсудить договор']);
    expect(await titles(admin, 'договоров')).toEqual(['Обсудить договор']);

    // A deal outside the employee's scope: its activities are not found by them, nor by a colleague.
    await admin.post('/api/crm/activities', call({ owner: { type: 'deal', id: adminDeal.id }, subject: 'Секретные переговоры' }));
    expect(await titles(employee, 'переговорам')).toEqual([]);
    // A colleague of the department reads the deal; given a telemarketer's role (their own items only), no longer.
    expect(await titles(other, 'договоров')).toEqual(['Обсудить договор']);
    const role = await admin.post('/api/crm/roles', { name: 'Телемаркетинг', permissions: permissions('own'), userIds: [p.users.other.id] });
    expect(role.statusCode).toBe(200);
    expect((await other.get(`/api/crm/deals/${myDeal}`)).statusCode).not.toBe(200);
    expect(await titles(other, 'договоров')).toEqual([]);
    expect(await titles(other, 'переговорам')).toEqual([]);
    expect(await titles(admin, 'переговорам')).toEqual(['Секретные переговоры']);
    // One of its activities given to them: they find that one, as «Мои дела» lists it.
    await admin.post('/api/crm/activities', call({ owner: { type: 'deal', id: adminDeal.id }, subject: 'Переговоры с поставщиком', responsibleId: p.users.employee.id }));
    expect(await titles(employee, 'переговорам')).toEqual(['Переговоры с поставщиком']);
    // The deal handed to them: all of its activities.
    const handed = await admin.patch(`/api/crm/deals/${adminDeal.id}`, { responsibleId: p.users.employee.id, version: adminDeal.version });
    expect(handed.statusCode).toBe(200);
    expect(await titles(employee, 'переговорам')).toEqual(['Переговоры с поставщиком', 'Секретные переговоры']);
  });

  it('follows an edit, a delete and the deletion of the deal', async () => {
    const a = (await employee.post('/api/crm/activities', call({ subject: 'Встреча на объекте' }))).json();
    expect(await titles(employee, 'встречи')).toEqual(['Встреча на объекте']);
    const edited = await employee.patch(`/api/crm/activities/${a.id}`, { subject: 'Выезд на объект', version: a.version });
    expect(edited.statusCode).toBe(200);
    expect(await titles(employee, 'встречи')).toEqual([]);
    expect(await titles(employee, 'выезда')).toEqual(['Выезд на объект']);
    expect((await employee.del(`/api/crm/activities/${a.id}`)).statusCode).toBe(200);
    expect(await titles(employee, 'выезда')).toEqual([]);

    const deal = (await employee.post('/api/crm/deals', { title: 'Временная сделка' })).json();
    await employee.post('/api/crm/activities', call({ owner: { type: 'deal', id: deal.id }, subject: 'Прозвон склада' }));
    expect(await titles(employee, 'склада')).toEqual(['Прозвон склада']);
    expect((await employee.del(`/api/crm/deals/${deal.id}`)).statusCode).toBe(200);
    expect(await titles(employee, 'склада')).toEqual([]);
  });
});
