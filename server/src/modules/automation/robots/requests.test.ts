import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationRequest } from '@vavilon/contracts';
import { scoped } from '../../../platform/db/scoped.js';
import { giveRole } from '../../../../test/crm/clients-fixtures.js';
import { ok, reader, robotsWorld, type RobotsWorld } from './testing.js';

let w: RobotsWorld;
let read: ReturnType<typeof reader>;
const DAY = 86_400_000;

beforeAll(async () => {
  w = await robotsWorld();
  read = reader(w);
  // «Мария» sees only her own deals: the employee's are not hers to read.
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

const requestsOf = (dealId: number, who = w.as.employee) => who.get(`/api/automation/requests?dealId=${dealId}`);
const answer = (id: number, deadline: string, who = w.as.employee) => who.post(`/api/automation/requests/${id}/answer`, { deadline });

/** A deal with a locked «Найти ЛПР» task a robot created, and the robot that asks its responsible for a new deadline. */
async function dealWithLockedTask() {
  const dealId = await w.deal({ title: 'Обзвон: ООО «Вектор»' });
  const made = await w.run('task.create', { title: 'Найти ЛПР', responsible: { kind: 'responsible' }, deadline: { amount: 1, unit: 'days' }, deadlineLocked: true }, dealId);
  const ask = () => w.run('task.deadline.request', { task: { kind: 'robot', ruleId: made.ruleId }, who: { kind: 'responsible' } }, dealId, { name: 'Недозвон' });
  return { dealId, taskId: made.state!.taskId as number, ask };
}

describe('«Запросить новый крайний срок»', () => {
  it('asks the responsible on the card and in the bell; the answer moves the locked deadline and writes the timeline line', async () => {
    const { dealId, taskId, ask } = await dealWithLockedTask();
    const asked = await ask();
    expect(asked.status).toBe('done');
    const open = ok<AutomationRequest[]>(await requestsOf(dealId));
    expect(open).toEqual([
      expect.objectContaining({
        entityType: 'deal',
        entityId: dealId,
        kind: 'deadline',
        taskId,
        taskTitle: 'Найти ЛПР',
        prompt: 'Укажите новый крайний срок задачи «Найти ЛПР»',
        currentDeadline: (await read.task(taskId)).deadline,
      }),
    ]);
    await w.t.platform.events.drain();
    const bell = await scoped(w.system()).selectFrom('notification').selectAll().where('user_id', '=', w.p.users.employee.id).where('kind', '=', 'automation.request').execute();
    expect(bell.map((n) => [n.title, n.body, n.url])).toEqual([['Укажите новый крайний срок', 'Обзвон: ООО «Вектор»: Укажите новый крайний срок задачи «Найти ЛПР»', `/crm/deal/details/${dealId}`]]);
    // Others are not asked: the head sees no request on the same deal.
    expect(ok<AutomationRequest[]>(await requestsOf(dealId, w.as.head))).toEqual([]);

    const wanted = new Date(Date.now() + 5 * DAY);
    wanted.setUTCSeconds(0, 0);
    const res = await answer(open[0]!.id, wanted.toISOString());
    expect(res.statusCode).toBe(200);
    const task = await read.task(taskId);
    expect(task.deadline).toBe(wanted.toISOString());
    expect(task.allow_change_deadline).toBeFalsy();
    expect(ok<AutomationRequest[]>(await requestsOf(dealId))).toEqual([]);
    const row = await scoped(w.system()).selectFrom('automation_request').selectAll().where('id', '=', open[0]!.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('answered');
    expect(JSON.parse(row.answer!)).toEqual({ deadline: wanted.toISOString() });
    const [answered] = await read.events('automation.request.answered', dealId);
    expect(answered!.payload).toEqual({ requestId: open[0]!.id, userId: w.p.users.employee.id });
    const comments = await read.comments(dealId);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.author_id).toBeNull();
    expect(comments[0]!.html).toMatch(/^<p>Иван Сотрудников указал\(а\) новый крайний срок задачи «Найти ЛПР»: \d\d\.\d\d\.\d{4} \d\d:\d\d<\/p>$/);
    // An answered request is answered once.
    expect((await answer(open[0]!.id, wanted.toISOString())).statusCode).toBe(409);

    // The same result again later: a second request, a second new deadline.
    await ask();
    const second = ok<AutomationRequest[]>(await requestsOf(dealId));
    expect(second).toHaveLength(1);
    const later = new Date(Date.now() + 9 * DAY);
    expect((await answer(second[0]!.id, later.toISOString())).statusCode).toBe(200);
    expect((await read.task(taskId)).deadline).toBe(later.toISOString());
  });

  it('a new request for the same task replaces the open one', async () => {
    const { dealId, ask } = await dealWithLockedTask();
    await ask();
    const [first] = ok<AutomationRequest[]>(await requestsOf(dealId));
    await ask();
    const open = ok<AutomationRequest[]>(await requestsOf(dealId));
    expect(open).toHaveLength(1);
    expect(open[0]!.id).not.toBe(first!.id);
    const old = await scoped(w.system()).selectFrom('automation_request').select('status').where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect(old.status).toBe('cancelled');
    expect((await answer(first!.id, new Date(Date.now() + DAY).toISOString())).statusCode).toBe(409);
  });

  it('only the person asked answers (404 for anyone else); a bad or past date is a 400 on «deadline» in their words', async () => {
    const { dealId, taskId, ask } = await dealWithLockedTask();
    await ask();
    const [req] = ok<AutomationRequest[]>(await requestsOf(dealId));
    const before = (await read.task(taskId)).deadline;
    const future = new Date(Date.now() + 3 * DAY).toISOString();
    for (const who of [w.as.admin, w.as.head, w.as.other]) expect((await answer(req!.id, future, who)).statusCode).toBe(404);
    expect((await answer(2_000_000_000, future)).statusCode).toBe(404);

    const bad = await answer(req!.id, 'завтра');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ field: 'deadline', message: 'Укажите дату и время нового крайнего срока' }]);
    const past = await answer(req!.id, new Date(Date.now() - DAY).toISOString());
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields).toEqual([{ field: 'deadline', message: 'Новый крайний срок не может быть в прошлом' }]);
    // An employee who reads the portal in English reads the refusal in English.
    const language = (lang: 'ru' | 'en') => w.t.platform.db.updateTable('app_user').set({ language: lang }).where('id', '=', w.p.users.employee.id).execute();
    await language('en');
    const english = await answer(req!.id, 'tomorrow');
    await language('ru');
    expect(english.statusCode).toBe(400);
    expect(english.json().error.fields).toEqual([{ field: 'deadline', message: 'Enter the date and time of the new deadline' }]);
    expect((await read.task(taskId)).deadline).toBe(before);
    expect(ok<AutomationRequest[]>(await requestsOf(dealId))).toHaveLength(1);
  });

  it('lists requests only of a deal the user may read', async () => {
    const { dealId, ask } = await dealWithLockedTask();
    await ask();
    expect((await requestsOf(dealId, w.as.other)).statusCode).toBe(404);
    expect((await requestsOf(2_000_000_000)).statusCode).toBe(404);
    expect((await w.as.employee.get('/api/automation/requests?dealId=abc')).statusCode).toBe(400);
  });

  it("fails when the robot's task is gone or nobody can be asked", async () => {
    const dealId = await w.deal();
    const none = await w.run('task.deadline.request', { task: { kind: 'robot', ruleId: 2_000_000 }, who: { kind: 'responsible' } }, dealId);
    expect(none.status).toBe('failed');
    const noHead = await w.run('task.deadline.request', { task: { kind: 'all_open' }, who: { kind: 'department_head', departmentId: 2_000_000 } }, dealId);
    expect(noHead.status).toBe('failed');
    expect(await scoped(w.system()).selectFrom('automation_request').select('id').where('entity_id', '=', dealId).execute()).toEqual([]);
  });
});
