import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/harness.js';
import { systemCtxFor } from '../../../../test/support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { RESULT } from './codes.js';
import { advance, automationReady, callDeal, DAY, distribute, open, result, setResult } from './scenario-kit.js';
import { callsPortal, commentsOf, dealOf, dealTasks, notificationsOf, ok, settle, type CallsPortal } from './test-kit.js';

/** SPEC §10 bullet by bullet, at the API, through the preset's robots and triggers. */
describe.runIf(automationReady)('«Воронка обзвона» (SPEC §10)', () => {
  let t: TestApp;
  let c: CallsPortal;
  let employee: number;
  let head: number;

  beforeAll(async () => {
    t = await startTestApp();
    c = await callsPortal(t);
    employee = c.p.users.employee.id;
    head = c.p.users.head.id;
  });
  afterAll(() => t?.dispose());

  it('«Новая заявка»: the head of «Отдел телемаркетинга» gets «Распределить заявку»; she sets the responsible and closes it → «Неразобранные», and the responsible gets «Квалифицировать заявку»', async () => {
    const d = await callDeal(t, c, { title: 'Заявка: офис на Тверской' });
    await settle(t, c, async () => (await dealTasks(t, c, d.id)).length > 0);
    const [distributeTask] = await dealTasks(t, c, d.id);
    expect(distributeTask).toMatchObject({ title: 'Распределить заявку: Заявка: офис на Тверской', responsibleId: head, status: 'pending' });
    expect((await dealOf(t, c, d.id)).stage_id).toBe(c.stage.NEW);

    const before = Date.now();
    await distribute(t, c, d.id);
    const tasks = await dealTasks(t, c, d.id);
    expect(tasks.map((x) => [x.title, x.status, x.responsibleId])).toEqual([
      ['Распределить заявку: Заявка: офис на Тверской', 'completed', head],
      ['Квалифицировать заявку', 'pending', employee],
    ]);
    const qualify = tasks[1]!;
    expect(qualify.locked).toBe(true);
    const due = Date.parse(qualify.deadline!);
    expect(due).toBeGreaterThan(before);
    expect(due).toBeLessThan(before + 4 * DAY);
  });

  it('«Квалифицировать — Да» with the company lacking ИНН and выручка: a notification and a task listing exactly them; the deal stays. Filled, «Да» again → «Первичный контакт»', async () => {
    const d = await callDeal(t, c, { title: 'Заявка: склад', company: 'partial' });
    await distribute(t, c, d.id);
    const noticesBefore = (await notificationsOf(t, c, employee)).length;
    await result(t, c, d.id, RESULT.qualify, 'yes', async () => (await dealTasks(t, c, d.id)).length === 3);
    expect((await dealOf(t, c, d.id)).stage_id).toBe(c.stage.UNSORTED);
    const fill = (await dealTasks(t, c, d.id))[2]!;
    expect(fill.responsibleId).toBe(employee);
    expect(fill.title).toBe('Заполнить данные компании: Заявка: склад: компания');
    expect(fill.description).toContain('Не заполнены поля компании: Выручка, ИНН');
    // The robot's notification naming what is missing (beside the one about the new task).
    const notices = (await notificationsOf(t, c, employee)).slice(noticesBefore).map((n) => `${n.title} ${n.body}`);
    expect(notices.filter((n) => n.startsWith('Робот «Проверить обязательные поля компании»'))).toEqual([
      'Робот «Проверить обязательные поля компании» Заявка: склад: Не заполнены поля компании: Выручка, ИНН',
    ]);
    expect(open(await dealTasks(t, c, d.id), 'Квалифицировать заявку')).toHaveLength(1);

    const company = await ok(c.as.employee.get(`/api/crm/companies/${d.companyId}`));
    await ok(c.as.employee.patch(`/api/crm/companies/${d.companyId}`, { inn: '7707083893', revenue: '5000000.00', version: company.version }));
    await result(t, c, d.id, RESULT.qualify, 'yes', async () => (await dealOf(t, c, d.id)).stage_id === c.stage.CONTACT);
    const tasks = await dealTasks(t, c, d.id);
    expect(tasks.find((x) => x.title === 'Квалифицировать заявку')!.status).toBe('completed');
    const lpr = open(tasks, 'Найти ЛПР');
    expect(lpr).toHaveLength(1);
    expect(lpr[0]).toMatchObject({ responsibleId: employee, locked: true });
    expect(lpr[0]!.deadline).not.toBeNull();
  });

  it('«Квалифицировать — Нет» → «Не наш профиль»', async () => {
    const d = await callDeal(t, c, { title: 'Заявка: не наш профиль' });
    await distribute(t, c, d.id);
    await result(t, c, d.id, RESULT.qualify, 'no', async () => (await dealOf(t, c, d.id)).stage_id === c.stage.NOT_OUR);
    const deal = await dealOf(t, c, d.id);
    expect([deal.stage_id, deal.stage_kind]).toEqual([c.stage.NOT_OUR, 'failure']);
    expect((await dealTasks(t, c, d.id)).map((x) => x.title)).toEqual(['Распределить заявку: Заявка: не наш профиль', 'Квалифицировать заявку']);
  });

  it('«Найти ЛПР — Да» with the contact lacking a position: a comment in the deal and a notification, it stays; filled → «Тёплые»', async () => {
    const d = await callDeal(t, c, { title: 'Заявка: без должности', contact: 'no_position' });
    await distribute(t, c, d.id);
    await advance(t, c, d.id, 'CONTACT');
    const noticesBefore = (await notificationsOf(t, c, employee)).length;
    await result(t, c, d.id, RESULT.findLpr, 'yes', async () => (await commentsOf(t, c, d.id)).length > 0);
    expect((await dealOf(t, c, d.id)).stage_id).toBe(c.stage.CONTACT);
    const comments = await commentsOf(t, c, d.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('Не заполнены поля контакта: Должность. Сделка остаётся на стадии «Первичный контакт»');
    expect((await notificationsOf(t, c, employee)).length).toBe(noticesBefore + 1);
    expect(open(await dealTasks(t, c, d.id), 'Найти ЛПР')).toHaveLength(1);

    const contact = await ok(c.as.employee.get(`/api/crm/contacts/${d.contactId}`));
    await ok(c.as.employee.patch(`/api/crm/contacts/${d.contactId}`, { position: 'Директор', version: contact.version }));
    await result(t, c, d.id, RESULT.findLpr, 'yes', async () => (await dealOf(t, c, d.id)).stage_id === c.stage.WARM);
    const tasks = await dealTasks(t, c, d.id);
    expect(tasks.find((x) => x.title === 'Найти ЛПР')!.status).toBe('completed');
    expect(open(tasks, 'Узнать интерес')).toEqual([expect.objectContaining({ responsibleId: employee, locked: true })]);
  });

  it('«Найти ЛПР — Нет» → the deadline 30 days later, which the employee cannot change; «Недозвон» twice → two new deadlines, each the employee’s answer', async () => {
    const d = await callDeal(t, c, { title: 'Заявка: недозвон' });
    await distribute(t, c, d.id);
    await advance(t, c, d.id, 'CONTACT');
    const lpr = open(await dealTasks(t, c, d.id), 'Найти ЛПР')[0]!;
    const first = Date.parse(lpr.deadline!);
    await result(t, c, d.id, RESULT.findLpr, 'no', async () => Date.parse((await dealTasks(t, c, d.id)).find((x) => x.id === lpr.id)!.deadline!) !== first);
    expect(Date.parse((await dealTasks(t, c, d.id)).find((x) => x.id === lpr.id)!.deadline!)).toBe(first + 30 * DAY);
    const task = await ok(c.as.employee.get(`/api/tasks/${lpr.id}`));
    expect(task.allowChangeDeadline).toBe(false);
    expect((await c.as.employee.patch(`/api/tasks/${lpr.id}`, { deadline: new Date(first + 2 * DAY).toISOString(), version: task.version })).statusCode).toBe(403);

    for (const when of [first + 3 * DAY, first + 5 * DAY]) {
      await setResult(c, d.id, RESULT.findLpr, 'no_answer');
      let requests: { id: number; prompt: string; taskId: number }[] = [];
      await settle(t, c, async () => {
        requests = (await ok(c.as.employee.get(`/api/automation/requests?dealId=${d.id}`))) as typeof requests;
        return requests.length > 0;
      });
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ prompt: 'Укажите новый крайний срок задачи «Найти ЛПР»', taskId: lpr.id });
      await ok(c.as.employee.post(`/api/automation/requests/${requests[0]!.id}/answer`, { deadline: new Date(when).toISOString() }));
      expect(Date.parse((await dealTasks(t, c, d.id)).find((x) => x.id === lpr.id)!.deadline!)).toBe(when);
      expect(await ok(c.as.employee.get(`/api/automation/requests?dealId=${d.id}`))).toEqual([]);
    }
    expect((await dealOf(t, c, d.id)).stage_id).toBe(c.stage.CONTACT);
  });

  it('«Тёплые»: «Узнать интерес» — «Нет» → +30 days, «Недозвон» → a new deadline, «Да» → «Горячие»', async () => {
    const d = await callDeal(t, c, { title: 'Заявка: тёплые' });
    await distribute(t, c, d.id);
    await advance(t, c, d.id, 'WARM');
    const warm = open(await dealTasks(t, c, d.id), 'Узнать интерес')[0]!;
    const first = Date.parse(warm.deadline!);
    await result(t, c, d.id, RESULT.interestWarm, 'no', async () => Date.parse((await dealTasks(t, c, d.id)).find((x) => x.id === warm.id)!.deadline!) !== first);
    expect(Date.parse((await dealTasks(t, c, d.id)).find((x) => x.id === warm.id)!.deadline!)).toBe(first + 30 * DAY);
    await setResult(c, d.id, RESULT.interestWarm, 'no_answer');
    let requests: { id: number; prompt: string }[] = [];
    await settle(t, c, async () => (requests = await ok(c.as.employee.get(`/api/automation/requests?dealId=${d.id}`))).length > 0);
    expect(requests[0]!.prompt).toBe('Укажите новый крайний срок задачи «Узнать интерес»');
    await ok(c.as.employee.post(`/api/automation/requests/${requests[0]!.id}/answer`, { deadline: new Date(first + DAY).toISOString() }));
    expect(Date.parse((await dealTasks(t, c, d.id)).find((x) => x.id === warm.id)!.deadline!)).toBe(first + DAY);
    await result(t, c, d.id, RESULT.interestWarm, 'yes', async () => (await dealOf(t, c, d.id)).stage_id === c.stage.HOT);
    expect((await dealTasks(t, c, d.id)).find((x) => x.id === warm.id)!.status).toBe('completed');
  });

  it('«Горячие»: «Нет работы» → +30 days, «Обещали заявку» → a second task «Обещали заявку», «Недозвон» → a new deadline; «Успешно» is the manager’s move by hand', async () => {
    const d = await callDeal(t, c, { title: 'Заявка: горячие' });
    await distribute(t, c, d.id);
    await advance(t, c, d.id, 'HOT');
    const hot = open(await dealTasks(t, c, d.id), 'Узнать интерес')[0]!;
    expect(hot).toMatchObject({ responsibleId: employee, locked: true });
    const first = Date.parse(hot.deadline!);
    await result(t, c, d.id, RESULT.interestHot, 'no_work', async () => Date.parse((await dealTasks(t, c, d.id)).find((x) => x.id === hot.id)!.deadline!) !== first);
    expect(Date.parse((await dealTasks(t, c, d.id)).find((x) => x.id === hot.id)!.deadline!)).toBe(first + 30 * DAY);

    await result(t, c, d.id, RESULT.interestHot, 'promised', async () => open(await dealTasks(t, c, d.id), 'Обещали заявку').length > 0);
    const tasks = await dealTasks(t, c, d.id);
    expect(open(tasks, 'Обещали заявку')).toEqual([expect.objectContaining({ responsibleId: employee })]);
    expect(open(tasks, 'Узнать интерес')).toHaveLength(1);
    expect((await dealOf(t, c, d.id)).stage_id).toBe(c.stage.HOT);

    await setResult(c, d.id, RESULT.interestHot, 'no_answer');
    let requests: { id: number; prompt: string; taskId: number }[] = [];
    await settle(t, c, async () => (requests = await ok(c.as.employee.get(`/api/automation/requests?dealId=${d.id}`))).length > 0);
    expect(requests[0]).toMatchObject({ prompt: 'Укажите новый крайний срок задачи «Узнать интерес»', taskId: hot.id });

    const count = (await dealTasks(t, c, d.id)).length;
    const deal = await ok(c.as.admin.get(`/api/crm/deals/${d.id}`));
    await ok(c.as.admin.patch(`/api/crm/deals/${d.id}`, { stageId: c.stage.WON, version: deal.version }));
    await settle(t, c);
    expect((await dealOf(t, c, d.id)).stage_kind).toBe('success');
    expect((await dealTasks(t, c, d.id)).length).toBe(count);
    // All the way no robot failed or was cut off: the answers that did not apply were skipped.
    const runs = await scoped(systemCtxFor(t, c.p.portal)).selectFrom('automation_run').select(['rule_name', 'status']).where('entity_id', '=', d.id).execute();
    expect(runs.filter((r) => r.status === 'failed' || r.status === 'cancelled')).toEqual([]);
  });

  it('a result set where it means nothing changes only the field', async () => {
    const d = await callDeal(t, c, { title: 'Заявка: не к месту' });
    await distribute(t, c, d.id);
    const before = await dealTasks(t, c, d.id);
    await result(t, c, d.id, RESULT.interestHot, 'promised');
    await result(t, c, d.id, RESULT.findLpr, 'no');
    expect(await dealTasks(t, c, d.id)).toEqual(before);
    const deal = await dealOf(t, c, d.id);
    expect(deal.stage_id).toBe(c.stage.UNSORTED);
    expect(JSON.parse(deal.custom)).toMatchObject({ [RESULT.interestHot]: 'promised', [RESULT.findLpr]: 'no' });
  });

  it('the cross-pipeline rule: a company with a deal in «Продажи» moves its call deal to «Горячие», the sales deal first or the call deal first', async () => {
    // The sales deal first.
    const first = await callDeal(t, c, { title: 'Кросс: продажи раньше' });
    // (callDeal made its company; a fresh call deal of a company that already sells:)
    const salesCompany = first.companyId;
    await ok(c.as.admin.post('/api/crm/deals', { title: 'Продажа клиенту', pipelineId: c.salesId, companyId: salesCompany }));
    await settle(t, c, async () => (await dealOf(t, c, first.id)).stage_id === c.stage.HOT);
    const second = await callDeal(t, c, { title: 'Кросс: обзвон после продажи', companyId: salesCompany });
    await settle(t, c, async () => (await dealOf(t, c, second.id)).stage_id === c.stage.HOT && open(await dealTasks(t, c, second.id), 'Узнать интерес').length === 1);
    expect(open(await dealTasks(t, c, second.id), 'Узнать интерес')).toHaveLength(1);

    // The call deal first, already at work in «Неразобранные».
    const call = await callDeal(t, c, { title: 'Кросс: обзвон раньше' });
    await distribute(t, c, call.id);
    await ok(c.as.admin.post('/api/crm/deals', { title: 'Продажа позже', pipelineId: c.salesId, companyId: call.companyId }));
    await settle(t, c, async () => (await dealOf(t, c, call.id)).stage_id === c.stage.HOT);
    expect(open(await dealTasks(t, c, call.id), 'Узнать интерес')).toHaveLength(1);
  });
});
