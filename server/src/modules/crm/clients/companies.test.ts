import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClients } from './demo.js';
import { isValidInn } from '../values.js';
import { systemCtx } from '../../../platform/context.js';
import { INVALID_INN_10, INVALID_INN_12, VALID_INN_10, VALID_INN_12, addField, clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../../test/crm/clients-fixtures.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

const company = (over: Record<string, unknown> = {}) => ({ title: 'ООО «Ромашка»', inn: VALID_INN_10, ...over });

describe('company card', () => {
  it('saves a company and reads it back as entered, with the actor as responsible', async () => {
    const created = ok(
      await w.employee.post(
        '/api/crm/companies',
        company({
          industry: 'Строительство',
          revenue: '1250000.50',
          address: 'Москва, ул. Тверская, д. 1',
          kpp: '770701001',
          phones: [
            { type: 'work', value: '8 (495) 212-34-56' },
            { type: 'mobile', value: '9161234567' },
          ],
          emails: [{ type: 'work', value: 'Info@Romashka.RU' }],
          websites: [{ type: 'work', value: 'https://romashka.ru' }],
          source: 'Сайт',
          utmSource: 'yandex',
          utmMedium: 'cpc',
          utmCampaign: 'autumn',
        }),
      ),
    );
    const c = ok(await w.employee.get(`/api/crm/companies/${created.id}`));
    expect(c.title).toBe('ООО «Ромашка»');
    expect(c.inn).toBe(VALID_INN_10);
    expect(c.industry).toBe('Строительство');
    expect(c.revenue).toBe('1250000.50');
    expect(c.revenueCurrency).toBe('RUB');
    expect(c.phones).toEqual([
      { type: 'work', value: '+74952123456' },
      { type: 'mobile', value: '+79161234567' },
    ]);
    expect(c.emails).toEqual([{ type: 'work', value: 'info@romashka.ru' }]);
    expect(c.responsible.id).toBe(w.p.users.employee.id);
    expect(c.responsible.fullName).toBe('Иван Сотрудников');
    expect(c.clientPath).toMatchObject({ source: 'Сайт', utmSource: 'yandex', utmMedium: 'cpc', utmCampaign: 'autumn' });
    expect(Date.parse(c.clientPath.firstTouchAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(c.abilities).toEqual({ edit: true, delete: true });
    expect(c.version).toBe(1);
  });

  it('accepts a 12-digit ИНН and an explicit first touch', async () => {
    const c = ok(await w.employee.post('/api/crm/companies', company({ inn: VALID_INN_12, firstTouchAt: '2025-03-01T10:00:00Z' })));
    expect(c.inn).toBe(VALID_INN_12);
    expect(c.clientPath.firstTouchAt).toBe('2025-03-01T10:00:00.000Z');
  });

  it.each([INVALID_INN_10, INVALID_INN_12, '77070838', '77070838931', '77O7083893', '7707 083893'])('refuses the ИНН %s with a Russian message', async (inn) => {
    const res = await w.employee.post('/api/crm/companies', company({ inn }));
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res).inn).toBe('Некорректный ИНН: должно быть 10 или 12 цифр с верной контрольной суммой');
  });

  it('reports each bad phone and e-mail at its own path', async () => {
    const res = await w.employee.post(
      '/api/crm/companies',
      company({
        phones: [
          { type: 'work', value: '12345' },
          { type: 'work', value: '+7 495 212-34-56' },
        ],
        emails: [
          { type: 'work', value: 'ok@example.ru' },
          { type: 'work', value: 'broken@' },
        ],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res)).toEqual({ 'phones.0.value': 'Некорректный номер телефона', 'emails.1.value': 'Некорректный e-mail' });
  });

  it('refuses an industry outside the list, bad money and a bad KPP', async () => {
    const items = ok(await w.employee.get('/api/crm/industries')).items;
    expect(items).toContain('Дизайн и архитектура');
    const res = await w.employee.post('/api/crm/companies', company({ industry: 'Космос', revenue: '12,5', kpp: '12' }));
    expect(res.statusCode).toBe(400);
    // Money is checked by the schema first; the rest once the schema passes.
    expect(fieldErrors(res).revenue).toBe('Введите сумму числом, например 1250000.50');
    const res2 = await w.employee.post('/api/crm/companies', company({ industry: 'Космос', kpp: '12' }));
    expect(fieldErrors(res2)).toEqual({ industry: 'Выберите значение из списка', kpp: 'КПП состоит из 9 цифр' });
  });

  it('refuses a responsible who is not an active employee of the portal', async () => {
    const res = await w.admin.post('/api/crm/companies', company({ responsibleId: w.strangerPortal.users.employee.id }));
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res).responsibleId).toBe('Ответственным может быть только активный сотрудник портала');
    const ok2 = ok(await w.admin.post('/api/crm/companies', company({ responsibleId: w.p.users.head.id })));
    expect(ok2.responsible.id).toBe(w.p.users.head.id);
  });

  it('updates with the version seen and answers 409 on a stale one', async () => {
    const c = ok(await w.employee.post('/api/crm/companies', company()));
    const saved = ok(await w.employee.patch(`/api/crm/companies/${c.id}`, { version: c.version, revenue: '99.9', industry: 'Финансы' }));
    expect(saved.revenue).toBe('99.90');
    expect(saved.version).toBe(c.version + 1);
    const stale = await w.employee.patch(`/api/crm/companies/${c.id}`, { version: c.version, title: 'Другое название' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('Запись уже изменил другой пользователь. Обновите её и повторите');
    expect(ok(await w.employee.get(`/api/crm/companies/${c.id}`)).title).toBe('ООО «Ромашка»');
    const bad = await w.employee.patch(`/api/crm/companies/${c.id}`, { version: saved.version, inn: INVALID_INN_10 });
    expect(fieldErrors(bad).inn).toMatch(/Некорректный ИНН/);
  });

  it('keeps the search text current: names, phone digits, e-mails, ИНН, and the company name on its deals', async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', { title: 'Поиск', companyTitle: 'ООО «Искомая»' }));
    const conv = ok(await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { company: true, deal: {} }));
    const c = ok(await w.employee.get(`/api/crm/companies/${conv.companyId}`));
    ok(
      await w.employee.patch(`/api/crm/companies/${c.id}`, {
        version: c.version,
        title: 'ООО «Найденная»',
        inn: VALID_INN_12,
        phones: [{ type: 'work', value: '+7 495 765-43-21' }],
        emails: [{ type: 'work', value: 'Find@Me.RU' }],
      }),
    );
    const row = await w.t.platform.db.selectFrom('crm_company').select('search_text').where('id', '=', c.id).executeTakeFirstOrThrow();
    for (const part of ['ооо «найденная»', VALID_INN_12, '+74957654321', '74957654321', 'find@me.ru']) expect(row.search_text).toContain(part);
    expect(row.search_text).not.toContain('искомая');
    const deal = await w.t.platform.db.selectFrom('crm_deal').select('search_text').where('id', '=', conv.dealId).executeTakeFirstOrThrow();
    expect(deal.search_text).toContain('найденная');
  });

  it('copies a company with « (копия)» after the title', async () => {
    const c = ok(await w.employee.post('/api/crm/companies', company({ industry: 'Торговля', revenue: '500', phones: [{ type: 'work', value: '+74952123456' }], source: 'Звонок' })));
    const copy = ok(await w.employee.post(`/api/crm/companies/${c.id}/copy`));
    expect(copy.id).not.toBe(c.id);
    expect(copy.title).toBe('ООО «Ромашка» (копия)');
    expect(copy).toMatchObject({ inn: c.inn, industry: 'Торговля', revenue: '500.00', phones: c.phones });
    expect(copy.clientPath.source).toBe('Звонок');
    expect(ok(await w.employee.get(`/api/crm/companies/${c.id}`)).title).toBe('ООО «Ромашка»');
  });

  it('deletes a company: its contact links go, its deals stay without a company', async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', { title: 'Офис', companyTitle: 'ООО «Удаляемая»', firstName: 'Пётр', amount: '1000' }));
    const conv = ok(await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { contact: true, company: true, deal: {} }));
    const before = ok(await w.employee.get(`/api/crm/companies/${conv.companyId}`));
    expect(before.contacts.map((c: any) => c.id)).toEqual([conv.contactId]);
    expect(before.deals.map((d: any) => d.id)).toEqual([conv.dealId]);

    ok(await w.employee.del(`/api/crm/companies/${conv.companyId}`));
    expect((await w.employee.get(`/api/crm/companies/${conv.companyId}`)).statusCode).toBe(404);
    const deal = await w.t.platform.db.selectFrom('crm_deal').select(['id', 'company_id']).where('id', '=', conv.dealId).executeTakeFirst();
    expect(deal).toEqual({ id: conv.dealId, company_id: null });
    expect(ok(await w.employee.get(`/api/crm/contacts/${conv.contactId}`)).companies).toEqual([]);
    expect(ok(await w.employee.get(`/api/crm/leads/${lead.id}`)).company).toBeNull();
  });

  it('shows custom values only to those who may read the field', async () => {
    const role = await w.t.platform.db
      .insertInto('crm_role')
      .values({ portal_id: w.p.portal.id, name: 'Секретный', permissions: '{}', is_default: 0, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addField(w.t, w.p, { entity: 'company', code: 'uf_secret', label: 'Секрет', readRoles: [role.id] });
    await addField(w.t, w.p, { entity: 'company', code: 'uf_note', label: 'Заметка' });
    const c = ok(await w.admin.post('/api/crm/companies', company({ custom: { uf_secret: 'тайна', uf_note: 'видно всем' }, responsibleId: w.p.users.head.id })));
    expect(c.custom).toEqual({ uf_secret: 'тайна', uf_note: 'видно всем' });
    expect(ok(await w.employee.get(`/api/crm/companies/${c.id}`)).custom).toEqual({ uf_note: 'видно всем' });
    const bad = await w.admin.post('/api/crm/companies', company({ custom: { uf_unknown: 1 } }));
    expect(fieldErrors(bad)['custom.uf_unknown']).toBe('Некорректное значение');
  });
});

describe('company rights', () => {
  it('hides others\' companies from an "own" user and lets a default employee read but not edit them', async () => {
    // The head's company: the default role reads the department's items and edits one's own.
    const c = ok(await w.admin.post('/api/crm/companies', company({ responsibleId: w.p.users.head.id })));
    for (const res of [
      await w.other.get(`/api/crm/companies/${c.id}`),
      await w.other.patch(`/api/crm/companies/${c.id}`, { version: c.version, title: 'Взлом' }),
      await w.other.del(`/api/crm/companies/${c.id}`),
      await w.other.post(`/api/crm/companies/${c.id}/copy`),
    ])
      expect(res.statusCode).toBe(404);

    const seen = ok(await w.employee.get(`/api/crm/companies/${c.id}`));
    expect(seen.abilities).toEqual({ edit: false, delete: false });
    expect((await w.employee.patch(`/api/crm/companies/${c.id}`, { version: c.version, title: 'Взлом' })).statusCode).toBe(403);
    expect((await w.employee.del(`/api/crm/companies/${c.id}`)).statusCode).toBe(403);
    expect(ok(await w.admin.get(`/api/crm/companies/${c.id}`)).title).toBe('ООО «Ромашка»');

    // Their own company is theirs to edit; handing it to someone else is refused by the "own" add scope.
    const mine = ok(await w.other.post('/api/crm/companies', company({ title: 'Моя' })));
    expect(ok(await w.other.patch(`/api/crm/companies/${mine.id}`, { version: mine.version, title: 'Моя компания' })).title).toBe('Моя компания');
    expect((await w.other.post('/api/crm/companies', company({ responsibleId: w.p.users.admin.id }))).statusCode).toBe(403);
  });

  it('answers 404 to another portal for every company route', async () => {
    const c = ok(await w.admin.post('/api/crm/companies', company()));
    for (const res of [
      await w.stranger.get(`/api/crm/companies/${c.id}`),
      await w.stranger.patch(`/api/crm/companies/${c.id}`, { version: c.version, title: 'Чужая' }),
      await w.stranger.del(`/api/crm/companies/${c.id}`),
      await w.stranger.post(`/api/crm/companies/${c.id}/copy`),
    ])
      expect(res.statusCode).toBe(404);
    expect(ok(await w.admin.get(`/api/crm/companies/${c.id}`)).version).toBe(1);
  });

  it('never answers 500 to odd ids and bodies', async () => {
    expect((await w.admin.get('/api/crm/companies/99999999999')).statusCode).toBe(404);
    expect((await w.admin.get('/api/crm/companies/abc')).statusCode).toBe(404);
    expect((await w.admin.post('/api/crm/companies', { title: '' })).statusCode).toBe(400);
    expect((await w.admin.post('/api/crm/companies', { title: 'X', responsibleId: 99999999999 })).statusCode).toBe(400);
    expect((await w.admin.post('/api/crm/companies', { title: 'X', revenue: '999999999999999.99' })).statusCode).toBe(200);
  });
});

describe('demo clients', () => {
  it('seeds companies with valid ИНН, contacts linked to them and leads in several statuses', async () => {
    const p = w.strangerPortal;
    const result = await w.t.platform.db.transaction().execute((tx) => seedDemoClients(systemCtx({ db: tx, sys: w.t.platform.sys }, p.portal)));
    expect(result.companyIds).toHaveLength(8);
    expect(result.contactIds).toHaveLength(12);
    const companies = await w.t.platform.db.selectFrom('crm_company').selectAll().where('portal_id', '=', p.portal.id).execute();
    for (const c of companies) {
      expect(isValidInn(c.inn!), c.title).toBe(true);
      expect(JSON.parse(c.phones)[0].value).toMatch(/^\+7\d{10}$/);
      expect(c.search_text).toContain(c.inn);
    }
    const linked = await w.t.platform.db.selectFrom('crm_contact_company').select('contact_id').where('portal_id', '=', p.portal.id).execute();
    expect(linked).toHaveLength(12);
    const leads = await w.t.platform.db.selectFrom('crm_lead').select('status_id').where('portal_id', '=', p.portal.id).execute();
    expect(leads).toHaveLength(5);
    expect(new Set(leads.map((l) => l.status_id)).size).toBeGreaterThan(2);
    const card = ok(await w.stranger.get(`/api/crm/companies/${result.companyIds[0]}`));
    expect(card.contacts).toHaveLength(2);
    expect(card.clientPath.utmSource).toBe('yandex');
  });
});
