import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { calendarLayers, inDays } from '../../../../test/calendar-support.js';

let t: TestApp;
let p: TestPortal;
let employee: Agent;
let other: Agent;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ employee, other } = await signInAll(t, p));
});
afterAll(() => t?.dispose());

const layersOf = calendarLayers;

describe('tasks in «Мой календарь»', () => {
  it('shows the deadlines and planned dates of the user’s own open tasks, each opening the task card', async () => {
    const task = (await employee.post('/api/tasks', { title: 'Сдать отчёт', deadline: inDays(3), responsibleId: p.users.employee.id })).json();
    const planned = (await employee.post('/api/tasks', { title: 'Ремонт офиса', startPlan: inDays(1), endPlan: inDays(2), responsibleId: p.users.employee.id })).json();
    const layers = await layersOf(employee);
    const deadline = layers.find((l) => l.layer === 'tasks.deadlines' && l.title === 'Сдать отчёт');
    expect(deadline).toMatchObject({ startAt: inDays(3), endAt: null, url: `/tasks/task/${task.id}` });
    expect(layers.find((l) => l.layer === 'tasks.plans' && l.title === 'Ремонт офиса')).toMatchObject({ startAt: inDays(1), endAt: inDays(2), url: `/tasks/task/${planned.id}` });
  });

  it('shows an accomplice the task, and a colleague with no part in it nothing', async () => {
    await employee.post('/api/tasks', { title: 'Общая задача', deadline: inDays(4), responsibleId: p.users.employee.id, accompliceIds: [p.users.other.id] });
    await employee.post('/api/tasks', { title: 'Чужая задача', deadline: inDays(4), responsibleId: p.users.employee.id });
    const titles = (await layersOf(other)).map((l) => l.title);
    expect(titles).toContain('Общая задача');
    expect(titles).not.toContain('Чужая задача');
    expect(titles).not.toContain('Сдать отчёт');
  });

  it('leaves out completed tasks, deadlines outside the window and colleagues’ calendars', async () => {
    const done = (await employee.post('/api/tasks', { title: 'Уже сделано', deadline: inDays(5), responsibleId: p.users.employee.id })).json();
    await employee.post('/api/tasks', { title: 'Через месяц', deadline: inDays(40), responsibleId: p.users.employee.id });
    expect((await employee.post(`/api/tasks/${done.id}/actions/complete`, {})).json().status).toBe('completed');
    const titles = (await layersOf(employee)).map((l) => l.title);
    expect(titles).toContain('Сдать отчёт');
    expect(titles).not.toContain('Уже сделано');
    expect(titles).not.toContain('Через месяц');
    const colleague = (await other.get(`/api/calendar/calendars?userId=${p.users.employee.id}`)).json().items[0].id;
    expect(await layersOf(other, `&calendars=${colleague}`)).toEqual([]);
  });
});
