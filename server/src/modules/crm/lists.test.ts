import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { scoped } from '../../platform/db/scoped.js';
import { crmData } from '../../../test/crm/deals-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let data: ReturnType<typeof crmData>;
let sales: { id: number; stages: { id: number; name: string; kind: string }[] };
const ids: number[] = [];

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  data = crmData(t, p);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
  sales = (await admin.get('/api/crm/pipelines')).json().items[0];
  const acme = await data.company('ООО «Вектор»');
  const titles = ['Офис Вектора', 'Ресторан на Арбате', 'Квартира в Хамовниках', 'Шоурум мебели', 'Клиника на Мира', 'Банковский офис', 'Выставочный стенд'];
  for (const [i, title] of titles.entries()) {
    const res = await admin.post('/api/crm/deals', {
      title,
      amount: `${(i + 1) * 100}.00`,
      stageId: sales.stages[i % 7]!.id,
      responsibleId: i % 2 ? p.users.employee.id : p.users.admin.id,
      companyId: i === 0 ? acme : undefined,
      closeDate: `2025-0${(i % 3) + 1}-15`,
    });
    expect(res.statusCode).toBe(200);
    ids.push(res.json().id);
  }
});
afterAll(() => t?.dispose());

type Row = { id: number; title: string; amount: string; stage: { id: number; name: string }; responsible: { id: number } | null; company: { title: string } | null };
async function list(a: Agent, query: string) {
  const res = await a.get(`/api/crm/deal/list?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Row[]; page: number; pageSize: number; hasMore: boolean };
}

describe('lists', () => {
  it('sort by any sortable column, both ways', async () => {
    const asc = await list(admin, 'sort=amount&order=asc');
    expect(asc.items.map((r) => r.amount)).toEqual(['100.00', '200.00', '300.00', '400.00', '500.00', '600.00', '700.00']);
    const desc = await list(admin, 'sort=title&order=desc');
    const titles = desc.items.map((r) => r.title);
    expect(titles).toEqual([...titles].sort((a, b) => b.localeCompare(a)));
    const first = asc.items[0]!;
    expect(first).toMatchObject({ title: 'Офис Вектора', company: { title: 'ООО «Вектор»' }, stage: { id: sales.stages[0]!.id, name: 'Новая' } });
  });

  it('filters by responsible, stage, presets, dates and search, and counts the same set', async () => {
    const cases: [string, number[]][] = [
      [`responsibleId=${p.users.employee.id}`, [ids[1]!, ids[3]!, ids[5]!]],
      [`stageId=${sales.stages[0]!.id}&stageId=${sales.stages[1]!.id}`, [ids[0]!, ids[1]!]],
      ['preset=closed', [ids[5]!, ids[6]!]],
      ['preset=in_progress', ids.slice(0, 5)],
      ['dateField=close_date&dateFrom=2025-02-01&dateTo=2025-02-28', [ids[1]!, ids[4]!]],
      [`search=${encodeURIComponent('офис')}`, [ids[0]!, ids[5]!]],
      [`search=${encodeURIComponent('БАНКОВСКИЙ офис')}`, [ids[5]!]],
      [`pipelineId=${sales.id}&responsibleId=${p.users.admin.id}&stageId=${sales.stages[2]!.id}`, [ids[2]!]],
    ];
    for (const [q, expected] of cases) {
      const page = await list(admin, q);
      expect(
        page.items.map((r) => r.id).sort((a, b) => a - b),
        q,
      ).toEqual([...expected].sort((a, b) => a - b));
      expect((await admin.get(`/api/crm/deal/count?${q}`)).json().total, q).toBe(expected.length);
    }
    const mine = await list(employee, 'preset=mine');
    expect(mine.items.every((r) => r.responsible?.id === p.users.employee.id)).toBe(true);
    expect(mine.items).toHaveLength(3);
  });

  it('pages with hasMore and the chosen page size', async () => {
    const one = await list(admin, 'pageSize=10&sort=amount&order=asc');
    expect(one).toMatchObject({ page: 1, pageSize: 10, hasMore: false });
    for (let i = 0; i < 5; i++) await admin.post('/api/crm/deals', { title: `Добавка ${i}`, amount: '1000.00' });
    const p1 = await list(admin, 'pageSize=10&sort=id&order=asc');
    const p2 = await list(admin, 'pageSize=10&sort=id&order=asc&page=2');
    expect(p1.hasMore).toBe(true);
    expect(p1.items).toHaveLength(10);
    expect(p2).toMatchObject({ page: 2, hasMore: false });
    expect(p2.items).toHaveLength(2);
    expect(new Set([...p1.items, ...p2.items].map((r) => r.id)).size).toBe(12);
    expect((await admin.get('/api/crm/deal/count')).json().total).toBe(12);
    const bad = await admin.get('/api/crm/deal/list?pageSize=13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('pageSize');
    expect((await admin.get('/api/crm/robots/list')).statusCode).toBe(404);
  });

  it('lists contacts, companies and leads the same way', async () => {
    await data.contact('Смирнов', 'Олег');
    await data.contact('Кузнецова', 'Ирина', p.users.employee.id);
    const contacts = (await admin.get(`/api/crm/contact/list?search=${encodeURIComponent('смирнов')}`)).json();
    expect(contacts.items.map((r: { name: string }) => r.name)).toEqual(['Смирнов Олег']);
    const companies = (await admin.get('/api/crm/company/list?sort=title&order=asc')).json();
    expect(companies.items.map((r: { title: string }) => r.title)).toContain('ООО «Вектор»');
    const statuses = (await admin.get('/api/crm/lead-statuses')).json().items;
    await data.lead('Заявка с сайта', statuses[0].id);
    const leads = (await admin.get(`/api/crm/lead/list?stageId=${statuses[0].id}`)).json();
    expect(leads.items.map((r: { title: string; stage: { name: string } }) => [r.title, r.stage.name])).toEqual([['Заявка с сайта', 'Не обработан']]);
  });

  it('offers the standard columns and the custom fields the user may read', async () => {
    const headRole = await scoped(data.ctx).selectFrom('crm_role').select('id').where('name', '=', 'Руководитель отдела').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await scoped(data.ctx)
      .insertInto('crm_field', { entity_type: 'company', code: 'uf_segment', label: 'Сегмент', type: 'string', read_roles: '[]', created_at: now } as never)
      .execute();
    await scoped(data.ctx)
      .insertInto('crm_field', { entity_type: 'company', code: 'uf_margin', label: 'Маржа', type: 'string', read_roles: JSON.stringify([headRole.id]), created_at: now } as never)
      .execute();
    const cols = (await employee.get('/api/crm/company/columns')).json().items as { key: string; label: string; custom: boolean; byDefault: boolean }[];
    expect(cols.find((c) => c.key === 'inn')).toMatchObject({ label: 'ИНН', custom: false });
    expect(cols.find((c) => c.key === 'clientPath')).toMatchObject({ label: 'Путь клиента', byDefault: true });
    expect(cols.find((c) => c.key === 'uf_segment')).toMatchObject({ label: 'Сегмент', custom: true });
    expect(cols.some((c) => c.key === 'uf_margin')).toBe(false);
    expect((await admin.get('/api/crm/company/columns')).json().items.some((c: { key: string }) => c.key === 'uf_margin')).toBe(true);
  });
});

describe('list settings', () => {
  it('are remembered per user and item type', async () => {
    const initial = (await employee.get('/api/crm/deal/list-settings')).json();
    expect(initial).toEqual({ columns: ['title', 'stage', 'amount', 'company', 'activities', 'responsible', 'createdAt'], pageSize: 50, sort: null, order: 'desc', presets: [] });
    const saved = await employee.put('/api/crm/deal/list-settings', {
      columns: ['title', 'amount', 'clientPath'],
      pageSize: 20,
      sort: 'amount',
      order: 'asc',
      presets: [{ name: 'Крупные в работе', filter: { preset: 'in_progress', stageId: sales.stages[3]!.id } }],
    });
    expect(saved.statusCode).toBe(200);
    const again = await signIn(t, p.portal.name, p.users.employee.email);
    expect((await again.get('/api/crm/deal/list-settings')).json()).toEqual({
      columns: ['title', 'amount', 'clientPath'],
      pageSize: 20,
      sort: 'amount',
      order: 'asc',
      presets: [{ name: 'Крупные в работе', filter: { preset: 'in_progress', stageId: sales.stages[3]!.id } }],
    });
    // A partial change keeps the rest.
    await again.put('/api/crm/deal/list-settings', { pageSize: 100 });
    expect((await again.get('/api/crm/deal/list-settings')).json()).toMatchObject({ columns: ['title', 'amount', 'clientPath'], pageSize: 100 });
    // Other users and other item types are untouched.
    expect((await admin.get('/api/crm/deal/list-settings')).json().columns).toEqual(initial.columns);
    expect((await again.get('/api/crm/contact/list-settings')).json().pageSize).toBe(50);
  });

  it('refuses unknown columns, sorts and page sizes with the field', async () => {
    const col = await employee.put('/api/crm/deal/list-settings', { columns: ['title', 'nope'] });
    expect(col.statusCode).toBe(400);
    expect(col.json().error.fields).toEqual([{ field: 'columns.1', message: 'Такой колонки нет' }]);
    const sort = await employee.put('/api/crm/deal/list-settings', { sort: 'clientPath' });
    expect(sort.json().error.fields).toEqual([{ field: 'sort', message: 'По этой колонке нельзя сортировать' }]);
    const size = await employee.put('/api/crm/deal/list-settings', { pageSize: 7 });
    expect(size.json().error.fields).toEqual([{ field: 'pageSize', message: 'Выберите 10, 20, 50, 100 или 200 строк на странице' }]);
  });
});

describe('group actions', () => {
  it('change the responsible and the stage of deals and leads, and delete companies', async () => {
    const resp = await admin.post('/api/crm/deal/bulk', { action: 'responsible', ids: [ids[0], ids[2]], responsibleId: p.users.head.id });
    expect(resp.json()).toEqual({ done: 2, denied: [] });
    expect((await admin.get(`/api/crm/deals/${ids[0]}`)).json().responsible.id).toBe(p.users.head.id);
    const ev = await data.events('crm.deal.updated', ids[0]!);
    expect(ev.at(-1)!.payload.changes).toEqual([{ field: 'responsible_id', old: p.users.admin.id, new: p.users.head.id }]);
    const badUser = await admin.post('/api/crm/deal/bulk', { action: 'responsible', ids: [ids[0]], responsibleId: 999999 });
    expect(badUser.json().error.fields).toEqual([{ field: 'responsibleId', message: 'Сотрудник не найден' }]);

    const other = (await admin.post('/api/crm/pipelines', { name: 'Другая' })).json();
    const foreign = await admin.post('/api/crm/deal/bulk', { action: 'stage', ids: [ids[0]], stageId: other.stages[0].id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toBe('Стадия относится к другой воронке');
    const missing = await admin.post('/api/crm/deal/bulk', { action: 'stage', ids: [ids[0], 999999], stageId: sales.stages[4]!.id });
    expect(missing.json()).toEqual({ done: 1, denied: [999999] });

    const statuses = (await admin.get('/api/crm/lead-statuses')).json().items;
    const lead = await data.lead('Звонок', statuses[0].id);
    const leadMove = await admin.post('/api/crm/lead/bulk', { action: 'stage', ids: [lead], stageId: statuses[4].id });
    expect(leadMove.json()).toEqual({ done: 1, denied: [] });
    const row = await scoped(data.ctx).selectFrom('crm_lead').select(['status_id', 'status_kind']).where('id', '=', lead).executeTakeFirstOrThrow();
    expect(row).toEqual({ status_id: statuses[4].id, status_kind: 'failure' });
    expect((await admin.get(`/api/crm/lead/list?preset=closed`)).json().items.map((r: { id: number }) => r.id)).toContain(lead);

    const noStages = await admin.post('/api/crm/contact/bulk', { action: 'stage', ids: [1], stageId: statuses[0].id });
    expect(noStages.json().error.fields).toEqual([{ field: 'action', message: 'У этих элементов нет стадий' }]);

    const c1 = await data.company('На удаление 1');
    const c2 = await data.company('На удаление 2', p.users.other.id);
    // The default role deletes only one's own.
    const denied = await employee.post('/api/crm/company/bulk', { action: 'delete', ids: [c1, c2] });
    expect(denied.json()).toEqual({ done: 0, denied: [c1, c2] });
    const done = await admin.post('/api/crm/company/bulk', { action: 'delete', ids: [c1, c2] });
    expect(done.json()).toEqual({ done: 2, denied: [] });
    expect((await admin.get(`/api/crm/company/list?search=${encodeURIComponent('на удаление')}`)).json().items).toEqual([]);
    expect(await data.events('crm.company.deleted', c1)).toHaveLength(1);
  });

  it('never reach another portal’s items', async () => {
    const q = await buildPortal(t);
    const qa = await signIn(t, q.portal.name, q.users.admin.email);
    const res = await qa.post('/api/crm/deal/bulk', { action: 'delete', ids: [ids[1]] });
    expect(res.json()).toEqual({ done: 0, denied: [ids[1]] });
    expect((await admin.get(`/api/crm/deals/${ids[1]}`)).statusCode).toBe(200);
    expect((await qa.get('/api/crm/deal/count')).json().total).toBe(0);
  });
});
