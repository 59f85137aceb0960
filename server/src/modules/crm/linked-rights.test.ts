import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../demo/seed.js';
import { signIn, startTestApp, type Agent } from '../../../test/harness.js';
import { drainUntil } from '../../../test/support.js';
import { addRole, fieldErrors, ok, parseCsvText, permissions, world, type World } from '../../../test/crm/transfer-fixtures.js';

/**
 * Linked items and rights: a deal names its company and contacts, a contact its companies.
 * Linking needs read on the linked item; whoever may not read a linked item sees «Скрыто»
 * (with its id, so that the card shows it without a link) wherever the link is shown.
 */
let w: World;
/** A user whose role reads and writes deals but reads no company and no contact. */
let blind: Agent;
let secret: { company: number; contact: number };
let sales: { id: number; stages: { id: number }[] };

const SECRET_COMPANY = 'ООО «Тайный заказчик»';
const SECRET_CONTACT = 'Засекреченный';

beforeAll(async () => {
  w = await world();
  const perms = permissions('all');
  for (const e of ['company', 'contact'] as const) perms[e] = Object.fromEntries(Object.keys(perms[e]!).map((a) => [a, 'none']));
  await addRole(w, 'Только сделки', perms, [w.p.users.other.id]);
  blind = w.other;
  // The administrator's own company and contact: nobody in the department reads them by default.
  const company = ok(await w.admin.post('/api/crm/companies', { title: SECRET_COMPANY, responsibleId: w.p.users.admin.id }));
  const contact = ok(await w.admin.post('/api/crm/contacts', { lastName: SECRET_CONTACT, firstName: 'Пётр', responsibleId: w.p.users.admin.id }));
  secret = { company: company.id, contact: contact.id };
  sales = ok(await w.admin.get('/api/crm/pipelines')).items[0];
});
afterAll(() => w?.t.dispose());

const leaks = (body: string) => body.includes('Тайный заказчик') || body.includes(SECRET_CONTACT);

async function csvOf(a: Agent, url: string): Promise<string[][]> {
  const res = await a.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return parseCsvText(res.body.slice(1));
}

describe('linking needs read on the linked item', () => {
  it('refuses a company and contacts the user may not read, as if they did not exist', async () => {
    const res = await blind.post('/api/crm/deals', { title: 'Подбор', companyId: secret.company, contactIds: [secret.contact], primaryContactId: secret.contact });
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res)).toEqual({ companyId: 'Компания не найдена', 'contactIds.0': 'Контакт не найден', primaryContactId: 'Контакт не найден' });
    // Looping ids finds nothing: an unknown id and a foreign one answer the same.
    const unknown = await blind.post('/api/crm/deals', { title: 'Подбор', companyId: 2_000_000_000 });
    expect(fieldErrors(unknown)).toEqual({ companyId: 'Компания не найдена' });

    const own = ok(await blind.post('/api/crm/deals', { title: 'Своя сделка' }));
    const patch = await blind.patch(`/api/crm/deals/${own.id}`, { version: own.version, companyId: secret.company, contactIds: [secret.contact] });
    expect(patch.statusCode).toBe(400);
    expect(fieldErrors(patch)).toEqual({ companyId: 'Компания не найдена', 'contactIds.0': 'Контакт не найден' });
    const after = ok(await blind.get(`/api/crm/deals/${own.id}`));
    expect(after).toMatchObject({ company: null, contacts: [], version: own.version });
  });

  it('lets the default employee link only what the department reads', async () => {
    const res = await w.employee.post('/api/crm/deals', { title: 'Чужая компания', companyId: secret.company });
    expect(fieldErrors(res)).toEqual({ companyId: 'Компания не найдена' });
    const colleagues = ok(await w.head.post('/api/crm/companies', { title: 'ООО «Отдел»' }));
    const deal = ok(await w.employee.post('/api/crm/deals', { title: 'Компания отдела', companyId: colleagues.id }));
    expect(deal.company).toEqual({ id: colleagues.id, title: 'ООО «Отдел»', entityType: 'company' });
  });

  it('a contact joins a company only for someone who may edit the company (the link changes it too)', async () => {
    const headCompany = ok(await w.head.post('/api/crm/companies', { title: 'ООО «Руководителя»' }));
    const mine = ok(await w.employee.post('/api/crm/companies', { title: 'ООО «Моя»' }));
    const refused = await w.employee.post('/api/crm/contacts', { lastName: 'Связной', companyIds: [mine.id, headCompany.id, secret.company] });
    expect(refused.statusCode).toBe(400);
    expect(fieldErrors(refused)).toEqual({
      'companyIds.1': 'Нет права изменять эту компанию: связь с контактом меняет и её',
      'companyIds.2': 'Компания не найдена',
    });
    const contact = ok(await w.employee.post('/api/crm/contacts', { lastName: 'Связной', companyIds: [mine.id] }));
    expect(contact.companies.map((c: any) => c.id)).toEqual([mine.id]);
    const linkHead = await w.employee.patch(`/api/crm/contacts/${contact.id}`, { version: contact.version, companyIds: [mine.id, headCompany.id] });
    expect(fieldErrors(linkHead)).toEqual({ 'companyIds.1': 'Нет права изменять эту компанию: связь с контактом меняет и её' });
    expect(ok(await w.head.get(`/api/crm/companies/${headCompany.id}`)).contacts).toEqual([]);

    // The administrator links the contact to the head's company; the employee may not take it off again.
    const linked = ok(await w.admin.patch(`/api/crm/contacts/${contact.id}`, { version: contact.version, companyIds: [mine.id, headCompany.id] }));
    const unlink = await w.employee.patch(`/api/crm/contacts/${contact.id}`, { version: linked.version, companyIds: [mine.id] });
    expect(fieldErrors(unlink)).toEqual({ companyIds: 'Нет права изменять эту компанию: связь с контактом меняет и её' });
    // Saving the card as it is (links unchanged) is fine.
    ok(await w.employee.patch(`/api/crm/contacts/${contact.id}`, { version: linked.version, position: 'Снабженец', companyIds: [mine.id, headCompany.id] }));
  });
});

describe('a linked item the viewer may not read reads «Скрыто»', () => {
  let deal: any;
  beforeAll(async () => {
    // The administrator links their company and contact to a deal of the blind user.
    deal = ok(
      await w.admin.post('/api/crm/deals', {
        title: 'Сделка со скрытыми связями',
        pipelineId: sales.id,
        stageId: sales.stages[0]!.id,
        responsibleId: w.p.users.other.id,
        companyId: secret.company,
        contactIds: [secret.contact],
      }),
    );
    expect(deal.company.title).toBe(SECRET_COMPANY);
  });

  it('on the deal card: the id stays, the name does not', async () => {
    const res = await blind.get(`/api/crm/deals/${deal.id}`);
    expect(res.statusCode).toBe(200);
    expect(leaks(res.body)).toBe(false);
    expect(res.json()).toMatchObject({
      company: { id: secret.company, title: 'Скрыто', entityType: 'company', hidden: true },
      contacts: [{ id: secret.contact, title: 'Скрыто', entityType: 'contact', isPrimary: true, hidden: true }],
    });
  });

  it('saving the card keeps the hidden links as they are', async () => {
    const saved = ok(
      await blind.patch(`/api/crm/deals/${deal.id}`, {
        version: deal.version,
        title: 'Сделка со скрытыми связями (ред.)',
        companyId: secret.company,
        contactIds: [secret.contact],
      }),
    );
    expect(saved.company).toMatchObject({ id: secret.company, hidden: true });
    expect(saved.contacts.map((c: any) => c.id)).toEqual([secret.contact]);
    deal = saved;
    expect(ok(await w.admin.get(`/api/crm/deals/${deal.id}`)).company.title).toBe(SECRET_COMPANY);
  });

  it('on the Kanban, in a column page and after a move', async () => {
    const res = await blind.get(`/api/crm/deals/kanban?pipelineId=${sales.id}`);
    expect(res.statusCode).toBe(200);
    expect(leaks(res.body)).toBe(false);
    const card = res
      .json()
      .columns.flatMap((c: any) => c.cards)
      .find((c: any) => c.id === deal.id);
    expect(card).toMatchObject({ company: 'Скрыто', companyHidden: true, contact: 'Скрыто', contactHidden: true });

    const column = await blind.get(`/api/crm/deals/kanban/column?stageId=${sales.stages[0]!.id}`);
    expect(leaks(column.body)).toBe(false);
    expect(column.json().cards.find((c: any) => c.id === deal.id)).toMatchObject({ company: 'Скрыто', contact: 'Скрыто' });

    const moved = await blind.post(`/api/crm/deals/${deal.id}/stage`, { stageId: sales.stages[1]!.id, version: deal.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(leaks(moved.body)).toBe(false);
    expect(moved.json()).toMatchObject({ company: 'Скрыто', companyHidden: true });
    deal = ok(await blind.get(`/api/crm/deals/${deal.id}`));

    // The administrator sees the names.
    const admins = (await w.admin.get(`/api/crm/deals/kanban?pipelineId=${sales.id}`)).json();
    expect(admins.columns.flatMap((c: any) => c.cards).find((c: any) => c.id === deal.id)).toMatchObject({ company: SECRET_COMPANY, contact: `${SECRET_CONTACT} Пётр` });
  });

  it('in the list, the export and the portal search', async () => {
    const list = await blind.get('/api/crm/deal/list?search=' + encodeURIComponent('скрытыми'));
    expect(list.statusCode).toBe(200);
    expect(leaks(list.body)).toBe(false);
    expect(list.json().items.find((r: any) => r.id === deal.id).company).toEqual({ id: secret.company, title: 'Скрыто', hidden: true });

    const rows = await csvOf(blind, `/api/crm/deal/export?format=csv&columns=title,company&search=${encodeURIComponent('скрытыми')}`);
    expect(rows).toEqual([
      ['Название', 'Компания'],
      ['Сделка со скрытыми связями (ред.)', 'Скрыто'],
    ]);

    const search = await blind.get(`/api/search?q=${encodeURIComponent('скрытыми')}`);
    expect(search.statusCode).toBe(200);
    expect(leaks(search.body)).toBe(false);
    expect(search.body).toContain('Сделка со скрытыми связями');
  });

  it('in the deal history', async () => {
    const other = ok(await w.admin.post('/api/crm/deals', { title: 'История связей', responsibleId: w.p.users.other.id }));
    ok(await w.admin.patch(`/api/crm/deals/${other.id}`, { version: other.version, companyId: secret.company, contactIds: [secret.contact] }));
    const items = await drainUntil(w.t, async () => {
      const list = ok(await blind.get(`/api/crm/deal/${other.id}/timeline`)).items as any[];
      return list.some((i) => i.field === 'company_id') && list.some((i) => i.field === 'contact_ids') ? list : undefined;
    });
    expect(JSON.stringify(items)).not.toMatch(/Тайный заказчик|Засекреченный/);
    expect(items.find((i) => i.field === 'company_id')).toMatchObject({ newValue: 'Скрыто' });
    expect(items.find((i) => i.field === 'contact_ids')).toMatchObject({ newValue: 'Скрыто' });
    const admins = ok(await w.admin.get(`/api/crm/deal/${other.id}/timeline`)).items as any[];
    expect(admins.find((i) => i.field === 'company_id')).toMatchObject({ newValue: SECRET_COMPANY });
  });

  it('for a default employee, a company of someone outside the department', async () => {
    const d = ok(await w.admin.post('/api/crm/deals', { title: 'Сделка сотрудника', responsibleId: w.p.users.employee.id, companyId: secret.company }));
    expect(ok(await w.employee.get(`/api/crm/deals/${d.id}`)).company).toEqual({ id: secret.company, title: 'Скрыто', entityType: 'company', hidden: true });
    const rows = await csvOf(w.employee, `/api/crm/deal/export?format=csv&columns=title,company&search=${encodeURIComponent('сотрудника')}`);
    expect(rows).toEqual([
      ['Название', 'Компания'],
      ['Сделка сотрудника', 'Скрыто'],
    ]);
    const board = (await w.employee.get(`/api/crm/deals/kanban?pipelineId=${sales.id}`)).json();
    expect(board.columns.flatMap((c: any) => c.cards).find((c: any) => c.id === d.id)).toMatchObject({ company: 'Скрыто', companyHidden: true });
  });
});

describe('the default roles', () => {
  it('employees read their own and their department’s items and edit their own; heads with «Руководитель отдела» edit the department’s', async () => {
    const ofAdmin = ok(await w.admin.post('/api/crm/deals', { title: 'Сделка директора', responsibleId: w.p.users.admin.id }));
    const ofColleague = ok(await w.admin.post('/api/crm/deals', { title: 'Сделка коллеги', responsibleId: w.p.users.head.id }));
    expect((await w.employee.get(`/api/crm/deals/${ofAdmin.id}`)).statusCode).toBe(404);
    const seen = ok(await w.employee.get(`/api/crm/deals/${ofColleague.id}`));
    expect(seen.abilities).toEqual({ edit: false, delete: false });
    expect((await w.employee.patch(`/api/crm/deals/${ofColleague.id}`, { version: seen.version, title: 'x' })).statusCode).toBe(403);
    const titles = (await w.employee.get('/api/crm/deal/list?pageSize=200')).json().items.map((r: any) => r.title);
    expect(titles).toContain('Сделка коллеги');
    expect(titles).not.toContain('Сделка директора');

    const roles = ok(await w.admin.get('/api/crm/roles')).items as any[];
    const head = roles.find((r) => r.name === 'Руководитель отдела');
    ok(await w.admin.patch(`/api/crm/roles/${head.id}`, { version: head.version, userIds: [w.p.users.head.id] }));
    const ofEmployee = ok(await w.admin.post('/api/crm/deals', { title: 'Сделка подчинённого', responsibleId: w.p.users.employee.id }));
    expect(ok(await w.head.get(`/api/crm/deals/${ofEmployee.id}`)).abilities).toEqual({ edit: true, delete: true });
    ok(await w.head.patch(`/api/crm/deals/${ofEmployee.id}`, { version: ofEmployee.version, title: 'Сделка подчинённого (проверена)' }));
    expect((await w.head.get(`/api/crm/deals/${ofAdmin.id}`)).statusCode).toBe(404);

    const crmAdmin = roles.find((r) => r.name === 'Администратор CRM');
    ok(await w.admin.patch(`/api/crm/roles/${crmAdmin.id}`, { version: crmAdmin.version, userIds: [w.p.users.employee.id] }));
    expect(ok(await w.employee.get(`/api/crm/deals/${ofAdmin.id}`)).abilities).toEqual({ edit: true, delete: true });
    ok(await w.admin.patch(`/api/crm/roles/${crmAdmin.id}`, { version: crmAdmin.version + 1, userIds: [] }));
    expect((await w.employee.get(`/api/crm/deals/${ofAdmin.id}`)).statusCode).toBe(404);
  });

  it('the demo portal: heads of departments hold «Руководитель отдела», managers see their department’s deals only', async () => {
    const t = await startTestApp();
    try {
      await seedDemo(t.platform, 'demo-password-1');
      const as = (email: string) => signIn(t, 'vavilonproject', email, 'demo-password-1');
      const count = async (a: Agent) => (await a.get('/api/crm/deals/kanban')).json().columns.reduce((n: number, c: any) => n + c.count, 0);
      const [director, headSales, sales1, tm1] = await Promise.all(['admin', 'head.sales', 'sales1', 'tm1'].map((u) => as(`${u}@vavilon.example`)));
      const all = await count(director);
      expect(all).toBeGreaterThanOrEqual(15);
      // The demo deals belong to the sales department: its people see them all, telemarketing none.
      expect(await count(sales1)).toBe(all);
      expect(await count(headSales)).toBe(all);
      expect(await count(tm1)).toBe(0);
      // Their clients are the department's own: no card of theirs reads «Скрыто».
      const cards = (await sales1.get('/api/crm/deals/kanban')).json().columns.flatMap((c: any) => c.cards);
      expect(cards.length).toBeGreaterThan(0);
      expect(cards.every((c: any) => c.company && c.company !== 'Скрыто' && c.contact && c.contact !== 'Скрыто')).toBe(true);
      expect((await headSales.get('/api/crm/me/permissions')).json().permissions.deal.edit).toBe('department');
      expect((await sales1.get('/api/crm/me/permissions')).json().permissions.deal).toMatchObject({ read: 'department', edit: 'own' });
    } finally {
      await t.dispose();
    }
  });
});
