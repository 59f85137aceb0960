import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/harness.js';
import { systemCtxFor } from '../../../../test/support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { RESULT } from './codes.js';
import { callsPortal, fullCompany, ok, type CallsPortal } from './test-kit.js';

let t: TestApp;
let c: CallsPortal;

beforeAll(async () => {
  t = await startTestApp();
  c = await callsPortal(t);
});
afterAll(() => t?.dispose());

describe('«Воронка обзвона» in a new portal', () => {
  it('has the eight stages in order, of their kinds', async () => {
    const pipelines = (await c.as.employee.get('/api/crm/pipelines')).json().items as { code: string; name: string; stages: { name: string; kind: string }[] }[];
    const calls = pipelines.find((p) => p.code === 'calls')!;
    expect(calls.name).toBe('Воронка обзвона');
    expect(calls.stages.map((s) => [s.name, s.kind])).toEqual([
      ['Новая заявка', 'progress'],
      ['Неразобранные', 'progress'],
      ['Первичный контакт', 'progress'],
      ['Тёплые', 'progress'],
      ['Горячие', 'progress'],
      ['Успешно', 'success'],
      ['Не наш профиль', 'failure'],
      ['Не успешно', 'failure'],
    ]);
  });

  it('shows its card with the block «Результаты» holding the four result fields, with their options', async () => {
    const layout = await ok(c.as.employee.get(`/api/crm/layouts/deal?pipelineId=${c.pipelineId}`));
    const block = layout.blocks.find((b: { title: string }) => b.title === 'Результаты');
    expect(block.fields).toEqual([RESULT.qualify, RESULT.findLpr, RESULT.interestWarm, RESULT.interestHot]);
    expect(layout.required).toEqual(['company']);
    const fields = (await ok(c.as.employee.get('/api/crm/fields?entity=deal'))).items as { code: string; label: string; options: { id: string; label: string }[] }[];
    const labels = (code: string) => fields.find((f) => f.code === code)!.options.map((o) => o.label);
    expect(fields.find((f) => f.code === RESULT.qualify)!.label).toBe('Квалифицировать');
    expect(labels(RESULT.qualify)).toEqual(['Да', 'Нет']);
    expect(labels(RESULT.findLpr)).toEqual(['Да', 'Нет', 'Недозвон']);
    expect(labels(RESULT.interestWarm)).toEqual(['Да', 'Нет', 'Недозвон']);
    expect(labels(RESULT.interestHot)).toEqual(['Нет работы', 'Обещали заявку', 'Недозвон']);
  });

  it('keeps the rules as one first version «Начальная настройка», made only of the engine’s robots and triggers', async () => {
    const ctx = systemCtxFor(t, c.p.portal);
    const versions = await scoped(ctx).selectFrom('automation_version').select(['number', 'summary']).where('pipeline_id', '=', c.pipelineId).execute();
    expect(versions).toEqual([{ number: 1, summary: 'Начальная настройка' }]);
    const rules = await scoped(ctx).selectFrom('automation_rule').select(['kind', 'type', 'stage_id']).where('pipeline_id', '=', c.pipelineId).execute();
    const types = new Set(rules.map((r) => `${r.kind}:${r.type}`));
    expect([...types].sort()).toEqual(
      [
        'robot:fields.check',
        'robot:stage.change',
        'robot:task.complete',
        'robot:task.create',
        'robot:task.deadline.request',
        'robot:task.deadline.shift',
        'trigger:pipeline.item',
        'trigger:task.completed',
      ].sort(),
    );
    for (const s of ['WON', 'NOT_OUR', 'LOSE'] as const) expect(rules.filter((r) => r.stage_id === c.stage[s])).toEqual([]);
  });

  it('makes one «Отдел телемаркетинга»', async () => {
    const rows = await scoped(systemCtxFor(t, c.p.portal)).selectFrom('department').select('id').where('name', '=', 'Отдел телемаркетинга').execute();
    expect(rows).toHaveLength(1);
  });
});

describe('a call deal needs a company', () => {
  it('refuses a deal of the pipeline without one, and a change that takes it away', async () => {
    const res = await c.as.employee.post('/api/crm/deals', { title: 'Без компании', pipelineId: c.pipelineId });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'companyId', message: 'Заполните поле' }]);
    const company = await ok(c.as.employee.post('/api/crm/companies', { title: 'ООО «Нужная»' }));
    const deal = await ok(c.as.employee.post('/api/crm/deals', { title: 'С компанией', pipelineId: c.pipelineId, companyId: company.id }));
    expect(deal.stageId).toBe(c.stage.NEW);
    const cleared = await c.as.employee.patch(`/api/crm/deals/${deal.id}`, { companyId: null, version: deal.version });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.json().error.fields[0].field).toBe('companyId');
    // «Продажи» asks for nothing of the kind.
    expect((await c.as.employee.post('/api/crm/deals', { title: 'Продажа без компании' })).statusCode).toBe(200);
  });
});

describe('POST /api/automation/deals/:id/result', () => {
  let dealId: number;
  beforeAll(async () => {
    const company = await ok(c.as.admin.post('/api/crm/companies', { ...fullCompany('ООО «Результат»'), responsibleId: c.p.users.employee.id }));
    dealId = (await ok(c.as.employee.post('/api/crm/deals', { title: 'Результаты', pipelineId: c.pipelineId, companyId: company.id }))).id;
  });

  it('sets the field as the employee (history names them) and records the setting each time, the same value again too', async () => {
    const first = await c.as.employee.post(`/api/automation/deals/${dealId}/result`, { field: RESULT.findLpr, value: 'no_answer' });
    expect(first.statusCode).toBe(200);
    expect(first.json().custom[RESULT.findLpr]).toBe('no_answer');
    await ok(c.as.employee.post(`/api/automation/deals/${dealId}/result`, { field: RESULT.findLpr, value: 'no_answer' }));
    const ctx = systemCtxFor(t, c.p.portal);
    const events = await scoped(ctx)
      .selectFrom('domain_event')
      .select(['type', 'actor_id', 'payload'])
      .where('entity_type', '=', 'deal')
      .where('entity_id', '=', String(dealId))
      .where('type', 'in', ['automation.result.set', 'crm.deal.updated'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['crm.deal.updated', 'automation.result.set', 'automation.result.set']);
    expect(events.every((e) => e.actor_id === c.p.users.employee.id)).toBe(true);
    expect(JSON.parse(events[1]!.payload!)).toMatchObject({ field: RESULT.findLpr, value: 'no_answer', pipelineId: c.pipelineId, stageId: c.stage.NEW });
  });

  it('refuses what is not a result field, or not one of its values, with the field named', async () => {
    const notResult = await c.as.employee.post(`/api/automation/deals/${dealId}/result`, { field: 'title', value: 'x' });
    expect(notResult.statusCode).toBe(400);
    expect(notResult.json().error.fields).toEqual([{ field: 'field', message: 'Это не поле блока «Результаты»' }]);
    const badValue = await c.as.employee.post(`/api/automation/deals/${dealId}/result`, { field: RESULT.qualify, value: 'maybe' });
    expect(badValue.statusCode).toBe(400);
    expect(badValue.json().error.fields).toEqual([{ field: 'value', message: 'Выберите одно из значений поля «Квалифицировать»' }]);
    expect((await c.as.employee.post(`/api/automation/deals/${dealId}/result`, { field: RESULT.qualify })).statusCode).toBe(400);
  });

  it('is 403 for a deal the user may read but not edit, 404 for a deal they may not read or that is not there', async () => {
    const company = await ok(c.as.admin.post('/api/crm/companies', { ...fullCompany('ООО «Коллеги»'), responsibleId: c.p.users.other.id }));
    const colleagues = await ok(c.as.other.post('/api/crm/deals', { title: 'Сделка коллеги', pipelineId: c.pipelineId, companyId: company.id }));
    expect((await c.as.employee.get(`/api/crm/deals/${colleagues.id}`)).statusCode).toBe(200);
    expect((await c.as.employee.post(`/api/automation/deals/${colleagues.id}/result`, { field: RESULT.qualify, value: 'yes' })).statusCode).toBe(403);
    const own = await ok(c.as.admin.post('/api/crm/companies', fullCompany('ООО «Администратора»')));
    const admins = await ok(c.as.admin.post('/api/crm/deals', { title: 'Сделка администратора', pipelineId: c.pipelineId, companyId: own.id }));
    expect((await c.as.employee.get(`/api/crm/deals/${admins.id}`)).statusCode).toBe(404);
    expect((await c.as.employee.post(`/api/automation/deals/${admins.id}/result`, { field: RESULT.qualify, value: 'yes' })).statusCode).toBe(404);
    expect((await c.as.employee.post(`/api/automation/deals/999999/result`, { field: RESULT.qualify, value: 'yes' })).statusCode).toBe(404);
    expect((await ok(c.as.admin.get(`/api/crm/deals/${colleagues.id}`))).custom[RESULT.qualify]).toBeUndefined();
  });
});
