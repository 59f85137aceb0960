import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { scoped } from '../../../platform/db/scoped.js';
import { crmData, kopecks } from '../../../../test/crm/deals-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let data: ReturnType<typeof crmData>;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
  data = crmData(t, p);
});
afterAll(() => t?.dispose());

async function pipelines(a: Agent = admin) {
  const res = await a.get('/api/crm/pipelines?entity=deal');
  expect(res.statusCode).toBe(200);
  return res.json().items as {
    id: number;
    name: string;
    code: string | null;
    isDefault: boolean;
    version: number;
    stages: { id: number; name: string; kind: string; color: string; version: number }[];
  }[];
}

describe('defaults of a new portal', () => {
  it('has the «Продажи» pipeline with its stages in order, lead statuses and the CRM roles', async () => {
    const list = await pipelines(employee);
    // «Воронка обзвона» comes with every portal too (the automation's preset).
    expect(list.map((x) => x.code)).toEqual(['sales', 'calls']);
    const sales = list[0]!;
    expect(sales).toMatchObject({ name: 'Продажи', code: 'sales', isDefault: true });
    expect(sales.stages.map((s) => s.name)).toEqual(['Новая', 'Подготовка документов', 'Счёт на предоплату', 'В работе', 'Финальный счёт', 'Сделка успешна', 'Сделка провалена']);
    expect(sales.stages.map((s) => s.kind)).toEqual(['progress', 'progress', 'progress', 'progress', 'progress', 'success', 'failure']);
    expect(sales.stages.every((s) => /^#[0-9a-f]{6}$/.test(s.color))).toBe(true);

    const statuses = (await employee.get('/api/crm/lead-statuses')).json().items;
    expect(statuses.map((s: { name: string }) => s.name)).toEqual(['Не обработан', 'В работе', 'Обработан', 'Качественный лид', 'Некачественный лид']);
    expect(statuses.map((s: { kind: string }) => s.kind)).toEqual(['progress', 'progress', 'progress', 'success', 'failure']);

    const roles = await scoped(data.ctx).selectFrom('crm_role').select(['name', 'is_default', 'permissions']).orderBy('id').execute();
    // As in Bitrix24: employees read their own and their department's items and edit their own,
    // heads of departments act on their department's, «Администратор CRM» on everything.
    // The two after them are «Воронка обзвона»'s (the automation's preset gives «Отдел телемаркетинга» its rights there).
    expect(roles.map((r) => r.name)).toEqual(['Сотрудник', 'Руководитель отдела', 'Администратор CRM', 'Телемаркетинг: сотрудник', 'Телемаркетинг: руководитель']);
    expect(roles.map((r) => r.is_default)).toEqual([1, 0, 0, 0, 0]);
    for (const entity of ['lead', 'deal', 'contact', 'company']) {
      expect(JSON.parse(roles[0]!.permissions)[entity]).toEqual({ read: 'department', add: 'department', edit: 'own', delete: 'own', export: 'department', import: 'none' });
      expect(JSON.parse(roles[1]!.permissions)[entity]).toEqual({ read: 'department', add: 'department', edit: 'department', delete: 'department', export: 'department', import: 'department' });
      expect(JSON.parse(roles[2]!.permissions)[entity]).toEqual({ read: 'all', add: 'all', edit: 'all', delete: 'all', export: 'all', import: 'all' });
    }
  });

  it('keeps each portal’s pipelines to itself', async () => {
    const q = await buildPortal(t);
    const other = await signIn(t, q.portal.name, q.users.admin.email);
    const mine = (await pipelines())[0]!;
    expect((await other.get(`/api/crm/pipelines/${mine.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/crm/stages/${mine.stages[0]!.id}`, { name: 'Чужая', version: 1 })).statusCode).toBe(404);
  });
});

describe('pipeline administration', () => {
  it('lets only administrators change pipelines', async () => {
    const res = await employee.post('/api/crm/pipelines', { name: 'Воронка обзвона' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('Недостаточно прав');
  });

  it('creates, renames and makes a pipeline the default one, refusing a stale version', async () => {
    const created = await admin.post('/api/crm/pipelines', { name: 'Воронка обзвона' });
    expect(created.statusCode).toBe(200);
    const pl = created.json();
    expect(pl.isDefault).toBe(false);
    expect(new Set(pl.stages.map((s: { kind: string }) => s.kind))).toEqual(new Set(['progress', 'success', 'failure']));

    const renamed = await admin.patch(`/api/crm/pipelines/${pl.id}`, { name: 'Обзвон', version: pl.version });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('Обзвон');
    const stale = await admin.patch(`/api/crm/pipelines/${pl.id}`, { name: 'Снова', version: pl.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/другой пользователь/);

    const def = await admin.patch(`/api/crm/pipelines/${pl.id}`, { isDefault: true, version: renamed.json().version });
    expect(def.json().isDefault).toBe(true);
    const all = await pipelines();
    expect(all.filter((x) => x.isDefault).map((x) => x.id)).toEqual([pl.id]);
    // A deal created without a pipeline now lands in the new default one, in its first stage.
    const deal = (await admin.post('/api/crm/deals', { title: 'Звонок клиенту' })).json();
    expect(deal.pipelineId).toBe(pl.id);
    expect(deal.stageId).toBe(pl.stages[0].id);
    // Give the default back to «Продажи».
    const sales = all.find((x) => x.code === 'sales')!;
    await admin.patch(`/api/crm/pipelines/${sales.id}`, { isDefault: true, version: sales.version });
  });

  it('refuses to delete a pipeline holding deals and the last pipeline; deletes an empty one', async () => {
    const holding = (await pipelines()).find((x) => x.name === 'Обзвон')!;
    const refused = await admin.del(`/api/crm/pipelines/${holding.id}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('В воронке есть сделки: сначала перенесите их');

    const empty = (await admin.post('/api/crm/pipelines', { name: 'Пустая' })).json();
    expect((await admin.del(`/api/crm/pipelines/${empty.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/crm/pipelines/${empty.id}`)).statusCode).toBe(404);

    const q = await buildPortal(t);
    const soloAdmin = await signIn(t, q.portal.name, q.users.admin.email);
    const [only, ...others] = await pipelines(soloAdmin);
    for (const x of others) expect((await soloAdmin.del(`/api/crm/pipelines/${x.id}`)).statusCode).toBe(200);
    const last = await soloAdmin.del(`/api/crm/pipelines/${only!.id}`);
    expect(last.statusCode).toBe(400);
    expect(last.json().error.message).toBe('Нельзя удалить единственную воронку');
  });
});

describe('stage administration', () => {
  it('adds a working stage before the final ones, edits and reorders stages', async () => {
    const sales = (await pipelines()).find((x) => x.code === 'sales')!;
    const res = await admin.post(`/api/crm/pipelines/${sales.id}/stages`, { name: 'Согласование', color: '#aabbcc' });
    expect(res.statusCode).toBe(200);
    const added = res.json();
    const after = (await pipelines()).find((x) => x.id === sales.id)!;
    expect(after.stages.map((s) => s.name)).toEqual(['Новая', 'Подготовка документов', 'Счёт на предоплату', 'В работе', 'Финальный счёт', 'Согласование', 'Сделка успешна', 'Сделка провалена']);

    const bad = await admin.post(`/api/crm/pipelines/${sales.id}/stages`, { name: 'Цвет', color: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('color');

    const edited = await admin.patch(`/api/crm/stages/${added.id}`, { name: 'Согласование договора', version: added.version });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().name).toBe('Согласование договора');
    expect((await admin.patch(`/api/crm/stages/${added.id}`, { name: 'x', version: added.version })).statusCode).toBe(409);

    const ids = after.stages.map((s) => s.id);
    const reversed = [...ids].reverse();
    const wrong = await admin.put(`/api/crm/pipelines/${sales.id}/stage-order`, { stageIds: ids.slice(1) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0]).toEqual({ field: 'stageIds', message: 'Перечислите все стадии воронки по одному разу' });
    const ordered = await admin.put(`/api/crm/pipelines/${sales.id}/stage-order`, { stageIds: reversed });
    expect(ordered.statusCode).toBe(200);
    expect((await pipelines()).find((x) => x.id === sales.id)!.stages.map((s) => s.id)).toEqual(reversed);
    await admin.put(`/api/crm/pipelines/${sales.id}/stage-order`, { stageIds: ids });
  });

  it('keeps at least one stage of each kind', async () => {
    const sales = (await pipelines()).find((x) => x.code === 'sales')!;
    const won = sales.stages.find((s) => s.kind === 'success')!;
    const del = await admin.del(`/api/crm/stages/${won.id}`);
    expect(del.statusCode).toBe(400);
    expect(del.json().error.message).toBe('В воронке должна остаться хотя бы одна стадия каждого вида');
    const change = await admin.patch(`/api/crm/stages/${won.id}`, { kind: 'progress', version: won.version });
    expect(change.statusCode).toBe(400);
    expect(change.json().error.fields[0].field).toBe('kind');
  });

  it('moves the items of a deleted stage to the chosen stage of the same pipeline, in one go', async () => {
    const sales = (await pipelines()).find((x) => x.code === 'sales')!;
    const from = (await admin.post(`/api/crm/pipelines/${sales.id}/stages`, { name: 'Временная' })).json();
    const to = sales.stages.find((s) => s.name === 'В работе')!;
    const deals = [];
    for (const [i, amount] of ['1000.00', '2500.50', '300.00'].entries()) {
      deals.push((await admin.post('/api/crm/deals', { title: `Перенос ${i}`, stageId: from.id, amount, responsibleId: i ? p.users.employee.id : p.users.admin.id })).json());
    }
    const before = await data.liveTotals(sales.id);

    const refused = await admin.del(`/api/crm/stages/${from.id}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('stage_has_items');
    expect(refused.json().error.message).toBe('На стадии есть элементы: выберите, куда их перенести');

    const calls = (await pipelines()).find((x) => x.name === 'Обзвон')!;
    const foreign = await admin.request('DELETE', `/api/crm/stages/${from.id}`, { moveToStageId: calls.stages[0]!.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields[0]).toEqual({ field: 'moveToStageId', message: 'Выберите другую стадию этой же воронки' });

    const ok = await admin.request('DELETE', `/api/crm/stages/${from.id}`, { moveToStageId: to.id });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().moved).toBe(3);
    for (const d of deals) {
      const now = (await admin.get(`/api/crm/deals/${d.id}`)).json();
      expect(now.stageId).toBe(to.id);
      expect(now.version).toBe(d.version + 1);
      const ev = await data.events('crm.deal.updated', d.id);
      expect(ev.at(-1)!.payload.changes).toEqual([{ field: 'stage_id', old: from.id, new: to.id }]);
      expect(ev.at(-1)!.payload).toMatchObject({ pipelineId: sales.id, stageId: to.id, stageKind: 'progress' });
    }
    const live = await data.liveTotals(sales.id);
    expect(live.get(to.id)!.count).toBe((before.get(to.id)?.count ?? 0) + 3);
    const board = (await admin.get(`/api/crm/deals/kanban?pipelineId=${sales.id}`)).json();
    const col = board.columns.find((c: { stage: { id: number } }) => c.stage.id === to.id);
    expect(col.count).toBe(live.get(to.id)!.count);
    expect(kopecks(col.sum)).toBe(live.get(to.id)!.sum);
    expect(board.columns.some((c: { stage: { id: number } }) => c.stage.id === from.id)).toBe(false);
  });

  it('deletes a stage without items straight away, and a dropped card then gets a clear message', async () => {
    const sales = (await pipelines()).find((x) => x.code === 'sales')!;
    const gone = (await admin.post(`/api/crm/pipelines/${sales.id}/stages`, { name: 'Ненадолго' })).json();
    const deal = (await admin.post('/api/crm/deals', { title: 'Карточка' })).json();
    expect((await admin.del(`/api/crm/stages/${gone.id}`)).statusCode).toBe(200);
    const moved = await admin.post(`/api/crm/deals/${deal.id}/stage`, { stageId: gone.id, version: deal.version });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().error.message).toBe('Этой стадии больше нет. Обновите страницу');
    expect((await admin.get(`/api/crm/deals/${deal.id}`)).json().stageId).toBe(deal.stageId);
  });

  it('manages lead statuses the same way, moving leads of a deleted status', async () => {
    const created = await admin.post('/api/crm/lead-statuses', { name: 'Перезвонить' });
    expect(created.statusCode).toBe(200);
    const status = created.json();
    const statuses = (await admin.get('/api/crm/lead-statuses')).json().items as { id: number; name: string }[];
    expect(statuses.map((s) => s.name).indexOf('Перезвонить')).toBe(3);
    const lead = await data.lead('Заявка с сайта', status.id);
    expect((await admin.del(`/api/crm/stages/${status.id}`)).json().error.code).toBe('stage_has_items');
    const target = statuses[0]!;
    expect((await admin.request('DELETE', `/api/crm/stages/${status.id}`, { moveToStageId: target.id })).statusCode).toBe(200);
    const row = await scoped(data.ctx).selectFrom('crm_lead').select(['status_id', 'status_kind']).where('id', '=', lead).executeTakeFirstOrThrow();
    expect(row).toEqual({ status_id: target.id, status_kind: 'progress' });
    const ev = await data.events('crm.lead.updated', lead);
    expect(ev[0]!.payload.changes).toEqual([{ field: 'status_id', old: status.id, new: target.id }]);
  });
});

describe('positions', () => {
  it('places a new pipeline after one at the largest position, and refuses a position past the bounds', async () => {
    const far = await admin.post('/api/crm/pipelines', { name: 'Дальняя воронка', sort: 1_000_000_000 });
    expect(far.statusCode).toBe(200);
    const next = await admin.post('/api/crm/pipelines', { name: 'Следующая воронка' });
    expect(next.statusCode, next.body).toBe(200);
    const names = (await pipelines()).map((x) => x.name);
    expect(names.indexOf('Следующая воронка')).toBeGreaterThan(names.indexOf('Дальняя воронка'));
    const huge = await admin.post('/api/crm/pipelines', { name: 'Слишком далеко', sort: 2 ** 40 });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.fields).toEqual([{ field: 'sort', message: 'Не больше 1000000000' }]);
  });
});
