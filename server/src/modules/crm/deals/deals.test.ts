import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { drainUntil } from '../../../../test/support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { crmData, kopecks } from '../../../../test/crm/deals-support.js';
import { seedDemoDeals } from '../pipelines/defaults.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let other: Agent;
let data: ReturnType<typeof crmData>;
let sales: { id: number; stages: { id: number; name: string; kind: string }[] };
let calls: { id: number; stages: { id: number }[] };
let company: number;
let contacts: number[];

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
  other = await signIn(t, p.portal.name, p.users.other.email);
  data = crmData(t, p);
  sales = (await admin.get('/api/crm/pipelines')).json().items[0];
  calls = (await admin.post('/api/crm/pipelines', { name: 'Воронка обзвона' })).json();
  company = await data.company('ООО «Ромашка»');
  contacts = [await data.contact('Иванов', 'Пётр'), await data.contact('Петрова', 'Анна')];
});
afterAll(() => t?.dispose());

const stage = (name: string) => sales.stages.find((s) => s.name === name)!;

describe('creating a deal', () => {
  it('fills the defaults: default pipeline, its first stage, the actor as responsible, roubles', async () => {
    const res = await employee.post('/api/crm/deals', { title: 'Дизайн офиса' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      title: 'Дизайн офиса',
      pipelineId: sales.id,
      stageId: sales.stages[0]!.id,
      stageKind: 'progress',
      amount: '0.00',
      currency: 'RUB',
      responsible: { id: p.users.employee.id, fullName: 'Иван Сотрудников' },
      createdBy: { id: p.users.employee.id },
      abilities: { edit: true, delete: true },
    });
    const reread = (await employee.get(`/api/crm/deals/${d.id}`)).json();
    expect(reread.title).toBe('Дизайн офиса');
  });

  it('derives the amount from the product rows: price × quantity less discount, plus tax when not included', async () => {
    const res = await admin.post('/api/crm/deals', {
      title: 'Проект с товарами',
      amount: '1.00',
      products: [
        { name: 'Эскизный проект', price: '1000.00', quantity: 2, discountPercent: 10, taxPercent: 20, taxIncluded: false },
        { name: 'Авторский надзор', price: '500.50', quantity: 3, taxPercent: 20 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    // 1000 × 2 × 0.9 × 1.2 = 2160; 500.50 × 3 = 1501.50 (tax inside the price)
    expect(d.amount).toBe('3661.50');
    expect(d.products.map((x: { name: string; sum: string }) => [x.name, x.sum])).toEqual([
      ['Эскизный проект', '2160.00'],
      ['Авторский надзор', '1501.50'],
    ]);

    // New rows replace the old ones and the amount follows them.
    const patched = await admin.patch(`/api/crm/deals/${d.id}`, { version: d.version, products: [{ name: 'Визуализация', price: '15000', quantity: 4 }] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().amount).toBe('60000.00');
    expect(patched.json().products).toHaveLength(1);
    // While the deal has rows, a typed amount does not override them.
    const typed = await admin.patch(`/api/crm/deals/${d.id}`, { version: patched.json().version, amount: '5.00' });
    expect(typed.json().amount).toBe('60000.00');
    const cleared = await admin.patch(`/api/crm/deals/${d.id}`, { version: typed.json().version, products: [], amount: '777.77' });
    expect(cleared.json()).toMatchObject({ amount: '777.77', products: [] });
  });

  it('links a company, contacts with one primary and observers', async () => {
    const res = await admin.post('/api/crm/deals', {
      title: 'Интерьер ресторана',
      companyId: company,
      contactIds: contacts,
      primaryContactId: contacts[1],
      observerIds: [p.users.head.id],
      amount: '1250000.50',
      stageId: stage('В работе').id,
      beginDate: '2025-03-01',
      closeDate: '2025-04-30',
      source: 'Сайт',
      utmSource: 'yandex',
    });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.company).toEqual({ id: company, title: 'ООО «Ромашка»', entityType: 'company' });
    expect(d.contacts.filter((c: { isPrimary: boolean }) => c.isPrimary).map((c: { id: number }) => c.id)).toEqual([contacts[1]]);
    expect(d.contacts.map((c: { title: string }) => c.title).sort()).toEqual(['Иванов Пётр', 'Петрова Анна']);
    expect(d.observers.map((o: { id: number }) => o.id)).toEqual([p.users.head.id]);
    expect(d).toMatchObject({ amount: '1250000.50', beginDate: '2025-03-01', closeDate: '2025-04-30', clientPath: { source: 'Сайт', utmSource: 'yandex' } });
  });

  it('refuses bad input with the field and a Russian message', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: 'x', amount: 'много' }, 'amount', 'Введите сумму числом, например 1250000.50'],
      [{ title: 'x', amount: '-5' }, 'amount', 'Сумма не может быть отрицательной'],
      [{ title: 'x', closeDate: '2025-02-30' }, 'closeDate', 'Введите дату в формате ГГГГ-ММ-ДД'],
      [{ title: 'x', beginDate: '01.02.2025' }, 'beginDate', 'Введите дату в формате ГГГГ-ММ-ДД'],
      [{ title: 'x', companyId: 999999 }, 'companyId', 'Компания не найдена'],
      [{ title: 'x', contactIds: [999999] }, 'contactIds.0', 'Контакт не найден'],
      [{ title: 'x', responsibleId: 999999 }, 'responsibleId', 'Сотрудник не найден'],
      [{ title: 'x', pipelineId: 999999 }, 'pipelineId', 'Воронка не найдена'],
      [{ title: '' }, 'title', 'Заполните поле'],
      [{ title: 'x', products: [{ name: 'a', price: '1e5', quantity: 1 }] }, 'products.0.price', 'Введите сумму числом, например 1250000.50'],
      [{ title: 'x', firstTouchAt: 'вчера' }, 'firstTouchAt', 'Введите дату в формате ГГГГ-ММ-ДД'],
      [{ title: 'x', companyId: 3_000_000_000 }, 'companyId', 'Не больше 2147483647'],
    ];
    for (const [body, field, message] of cases) {
      const res = await admin.post('/api/crm/deals', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields, JSON.stringify(body)).toContainEqual({ field, message });
    }
  });

  it('refuses a stage of another pipeline', async () => {
    const res = await admin.post('/api/crm/deals', { title: 'x', pipelineId: sales.id, stageId: calls.stages[0]!.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Стадия относится к другой воронке');
    expect(res.json().error.fields).toEqual([{ field: 'stageId', message: 'Стадия относится к другой воронке' }]);
    // A stage alone picks its pipeline.
    const ok = await admin.post('/api/crm/deals', { title: 'Обзвон клиента', stageId: calls.stages[1]!.id });
    expect(ok.json().pipelineId).toBe(calls.id);
  });
});

describe('changing a deal', () => {
  it('refuses a stale version with 409 and keeps the newer data', async () => {
    const d = (await employee.post('/api/crm/deals', { title: 'Версия' })).json();
    expect((await employee.patch(`/api/crm/deals/${d.id}`, { title: 'Первое', version: d.version })).statusCode).toBe(200);
    const stale = await employee.patch(`/api/crm/deals/${d.id}`, { title: 'Второе', version: d.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('Запись уже изменил другой пользователь. Обновите её и повторите');
    expect((await employee.get(`/api/crm/deals/${d.id}`)).json().title).toBe('Первое');
    const staleMove = await employee.post(`/api/crm/deals/${d.id}/stage`, { stageId: sales.stages[1]!.id, version: d.version });
    expect(staleMove.statusCode).toBe(409);
  });

  it('validates a stage change: other pipeline refused, a deleted stage named clearly', async () => {
    const d = (await admin.post('/api/crm/deals', { title: 'Стадии' })).json();
    const foreign = await admin.patch(`/api/crm/deals/${d.id}`, { stageId: calls.stages[0]!.id, version: d.version });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields).toEqual([{ field: 'stageId', message: 'Стадия относится к другой воронке' }]);
    const drag = await admin.post(`/api/crm/deals/${d.id}/stage`, { stageId: calls.stages[0]!.id, version: d.version });
    expect(drag.statusCode).toBe(400);

    const temp = (await admin.post(`/api/crm/pipelines/${sales.id}/stages`, { name: 'Удаляемая' })).json();
    await admin.del(`/api/crm/stages/${temp.id}`);
    const gone = await admin.patch(`/api/crm/deals/${d.id}`, { stageId: temp.id, version: d.version });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().error.message).toBe('Этой стадии больше нет. Обновите страницу');
    expect(gone.json().error.fields).toEqual([{ field: 'stageId', message: 'Этой стадии больше нет. Обновите страницу' }]);

    // Moving to another pipeline: its first stage unless one is named.
    const moved = await admin.patch(`/api/crm/deals/${d.id}`, { pipelineId: calls.id, version: d.version });
    expect(moved.json()).toMatchObject({ pipelineId: calls.id, stageId: calls.stages[0]!.id });
  });

  it('moves a card by the Kanban drag and answers with the updated card', async () => {
    const d = (await admin.post('/api/crm/deals', { title: 'Перетаскивание', companyId: company, contactIds: [contacts[0]], amount: '100.00' })).json();
    const won = stage('Сделка успешна');
    const res = await admin.post(`/api/crm/deals/${d.id}/stage`, { stageId: won.id, version: d.version });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: d.id,
      stageId: won.id,
      stageKind: 'success',
      title: 'Перетаскивание',
      amount: '100.00',
      company: 'ООО «Ромашка»',
      contact: 'Иванов Пётр',
      version: d.version + 1,
    });
    const ev = await data.events('crm.deal.updated', d.id);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.payload).toMatchObject({ pipelineId: sales.id, stageId: won.id, stageKind: 'success', changes: [{ field: 'stage_id', old: d.stageId, new: won.id }] });
    const list = (await admin.get(`/api/crm/deal/list?preset=closed&search=перетаскивание`)).json();
    expect(list.items.map((r: { id: number }) => r.id)).toEqual([d.id]);
  });

  it('records created, updated (with old and new values) and deleted events, and the history shows them', async () => {
    const d = (await admin.post('/api/crm/deals', { title: 'События', amount: '10.00' })).json();
    const created = await data.events('crm.deal.created', d.id);
    expect(created[0]!.payload).toMatchObject({ pipelineId: sales.id, stageId: d.stageId, stageKind: 'progress', amount: '10.00' });
    const u = await admin.patch(`/api/crm/deals/${d.id}`, { title: 'События 2', amount: '20.00', responsibleId: p.users.other.id, contactIds: [contacts[0]], version: d.version });
    expect(u.statusCode).toBe(200);
    const [updated] = await data.events('crm.deal.updated', d.id);
    expect(updated!.payload.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', old: 'События', new: 'События 2' },
        { field: 'amount', old: '10.00', new: '20.00' },
        { field: 'responsible_id', old: p.users.admin.id, new: p.users.other.id },
        { field: 'contact_ids', old: [], new: [contacts[0]] },
      ]),
    );
    // A save without changes writes nothing.
    const same = await admin.patch(`/api/crm/deals/${d.id}`, { title: 'События 2', version: u.json().version });
    expect(same.json().version).toBe(u.json().version);
    expect(await data.events('crm.deal.updated', d.id)).toHaveLength(1);

    const history = await drainUntil(t, async () => {
      const h = (await admin.get(`/api/history/deal/${d.id}`)).json().items as { field: string | null; oldValue: string | null; newValue: string | null }[];
      return h.some((x) => x.field === 'title') && h;
    });
    expect(history).toContainEqual(expect.objectContaining({ field: 'title', oldValue: 'События', newValue: 'События 2' }));

    expect((await admin.del(`/api/crm/deals/${d.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/crm/deals/${d.id}`)).statusCode).toBe(404);
    expect((await data.events('crm.deal.deleted', d.id))[0]!.payload).toMatchObject({ title: 'События 2', stageId: d.stageId });
  });
});

describe('rights on deals', () => {
  it('lets an employee read others’ deals but change and delete only their own (the default role)', async () => {
    const mine = (await employee.post('/api/crm/deals', { title: 'Моя сделка' })).json();
    const theirs = (await other.post('/api/crm/deals', { title: 'Чужая сделка' })).json();
    const seen = await employee.get(`/api/crm/deals/${theirs.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().abilities).toEqual({ edit: false, delete: false });
    expect((await employee.patch(`/api/crm/deals/${theirs.id}`, { title: 'Взлом', version: theirs.version })).statusCode).toBe(403);
    expect((await employee.post(`/api/crm/deals/${theirs.id}/stage`, { stageId: sales.stages[1]!.id, version: theirs.version })).statusCode).toBe(403);
    expect((await employee.del(`/api/crm/deals/${theirs.id}`)).statusCode).toBe(403);
    expect((await employee.del(`/api/crm/deals/${mine.id}`)).statusCode).toBe(200);
  });

  it('hides deals outside an "own" read scope as not found', async () => {
    const q = await buildPortal(t);
    const qd = crmData(t, q);
    await qd.role(q.users.employee.id, (perm) => {
      perm.deal.read = 'own';
      perm.deal.edit = 'own';
    });
    const qAdmin = await signIn(t, q.portal.name, q.users.admin.email);
    const qEmp = await signIn(t, q.portal.name, q.users.employee.email);
    const foreign = (await qAdmin.post('/api/crm/deals', { title: 'Сделка руководителя', responsibleId: q.users.other.id })).json();
    expect((await qEmp.get(`/api/crm/deals/${foreign.id}`)).statusCode).toBe(404);
    expect((await qEmp.patch(`/api/crm/deals/${foreign.id}`, { title: 'x', version: foreign.version })).statusCode).toBe(404);
    // Another portal does not reach it either.
    expect((await employee.get(`/api/crm/deals/${foreign.id}`)).statusCode).toBe(404);
  });

  it('shows only the custom values the actor may read', async () => {
    const now = new Date().toISOString();
    const headRole = await scoped(data.ctx).selectFrom('crm_role').select('id').where('name', '=', 'Руководитель отдела').executeTakeFirstOrThrow();
    await scoped(data.ctx)
      .insertInto('crm_field', [
        { entity_type: 'deal', code: 'uf_budget', label: 'Бюджет клиента', type: 'string', read_roles: '[]', created_at: now } as never,
        { entity_type: 'deal', code: 'uf_secret', label: 'Маржа', type: 'string', read_roles: JSON.stringify([headRole.id]), created_at: now } as never,
      ])
      .execute();
    const d = (await admin.post('/api/crm/deals', { title: 'Поля', custom: { uf_budget: 'до 2 млн', uf_secret: '40%' }, responsibleId: p.users.employee.id })).json();
    expect(d.custom).toEqual({ uf_budget: 'до 2 млн', uf_secret: '40%' });
    const asEmployee = (await employee.get(`/api/crm/deals/${d.id}`)).json();
    expect(asEmployee.custom).toEqual({ uf_budget: 'до 2 млн' });
    const bad = await admin.post('/api/crm/deals', { title: 'Поля', custom: { uf_nope: 1 } });
    expect(bad.json().error.fields).toEqual([{ field: 'custom.uf_nope', message: 'Некорректное значение' }]);
  });
});

describe('demo deals', () => {
  it('spread realistic deals over every «Продажи» stage, with totals that match', async () => {
    const q = await buildPortal(t);
    const qd = crmData(t, q);
    const companyIds = [await qd.company('ООО «Северный дом»'), await qd.company('АО «Техностиль»')];
    const contactIds = [await qd.contact('Лебедев', 'Игорь'), await qd.contact('Орлова', 'Светлана')];
    const userIds = [q.users.head.id, q.users.employee.id, q.users.other.id];
    const ids = await t.platform.transaction(qd.ctx, (tx) => seedDemoDeals(tx, { companyIds, contactIds, userIds }));
    expect(ids.length).toBeGreaterThanOrEqual(15);
    const qa = await signIn(t, q.portal.name, q.users.admin.email);
    const board = (await qa.get('/api/crm/deals/kanban')).json();
    expect(board.columns.every((c: { count: number }) => c.count > 0)).toBe(true);
    const live = await qd.liveTotals(board.pipeline.id);
    for (const c of board.columns) expect(kopecks(c.sum)).toBe(live.get(c.stage.id)!.sum);
    const deal = (await qa.get(`/api/crm/deals/${ids[3]}`)).json();
    expect(deal.products.length).toBeGreaterThan(0);
    expect(deal.company).not.toBeNull();
    expect(deal.contacts).toHaveLength(1);
    expect(userIds).toContain(deal.responsible.id);
  });
});
