import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { calendarLayers, inDays } from '../../../test/calendar-support.js';

let t: TestApp;
let p: TestPortal;
let employee: Agent;
let other: Agent;
let deal: number;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ employee, other } = await signInAll(t, p));
  deal = (await employee.post('/api/crm/deals', { title: 'Ремонт шоурума' })).json().id;
});
afterAll(() => t?.dispose());

const layersOf = async (a: Agent) => (await calendarLayers(a)).filter((l) => l.layer === 'crm.activities');

describe('CRM activities in «Мой календарь»', () => {
  it('shows the user’s open calls over their time and to-dos at their deadline, each opening in «Мои дела»', async () => {
    const call = (await employee.post('/api/crm/activities', { type: 'call', subject: 'Созвон по смете', owner: { type: 'deal', id: deal }, startAt: inDays(2, 9), endAt: inDays(2, 10) })).json();
    const todo = (await employee.post('/api/crm/activities', { type: 'todo', subject: 'Отправить договор', owner: { type: 'deal', id: deal }, deadline: inDays(3, 15) })).json();
    await employee.post('/api/crm/activities', { type: 'todo', subject: 'Уже сделано', owner: { type: 'deal', id: deal }, deadline: inDays(3, 16), completed: true });
    await employee.post('/api/crm/activities', { type: 'todo', subject: 'Без срока', owner: { type: 'deal', id: deal } });
    const layers = await layersOf(employee);
    expect(layers.map((l) => l.title)).toEqual(['Созвон по смете', 'Отправить договор']);
    expect(layers[0]).toMatchObject({ startAt: inDays(2, 9), endAt: inDays(2, 10), url: `/crm/activity?id=${call.id}` });
    expect(layers[1]).toMatchObject({ startAt: inDays(3, 15), endAt: null, url: `/crm/activity?id=${todo.id}` });
  });

  it('shows a colleague none of them', async () => {
    expect(await layersOf(other)).toEqual([]);
  });
});
