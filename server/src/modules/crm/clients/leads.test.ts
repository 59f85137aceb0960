import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainUntil } from '../../../../test/support.js';
import { addField, clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../../test/crm/clients-fixtures.js';

let w: ClientsWorld;
let statuses: { id: number; name: string; kind: string }[];

beforeAll(async () => {
  w = await clientsWorld();
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
  statuses = await w.t.platform.db.selectFrom('crm_stage').select(['id', 'name', 'kind']).where('portal_id', '=', w.p.portal.id).where('entity_type', '=', 'lead').orderBy('sort').execute();
  await addField(w.t, w.p, { entity: 'lead', code: 'uf_budget_note', label: 'Бюджет (заметка)' });
  await addField(w.t, w.p, { entity: 'contact', code: 'uf_budget_note', label: 'Бюджет (заметка)' });
  await addField(w.t, w.p, { entity: 'deal', code: 'uf_budget_note', label: 'Бюджет (заметка)' });
});
afterAll(() => w?.t.dispose());

const fullLead = {
  title: 'Дизайн офиса 400 м²',
  lastName: 'Соколов',
  firstName: 'Антон',
  middleName: 'Ильич',
  position: 'Директор',
  companyTitle: 'ООО «Горизонт»',
  amount: '1500000.00',
  phones: [{ type: 'mobile', value: '8 903 111-22-33' }],
  emails: [{ type: 'work', value: 'sokolov@gorizont.ru' }],
  source: 'Сайт',
  utmSource: 'yandex',
  utmCampaign: 'office',
  custom: { uf_budget_note: 'до 2 млн' },
};

describe('lead card', () => {
  it('starts in the first status in progress and moves from the status bar', async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', { title: 'Новый лид', firstName: 'Вера', amount: '100.5' }));
    const first = statuses.find((s) => s.kind === 'progress')!;
    expect(lead).toMatchObject({ statusId: first.id, statusKind: 'progress', amount: '100.50', currency: 'RUB', convertedAt: null, contact: null });
    const next = statuses.filter((s) => s.kind === 'progress')[1]!;
    const moved = ok(await w.employee.post(`/api/crm/leads/${lead.id}/status`, { statusId: next.id, version: lead.version }));
    expect(moved.statusId).toBe(next.id);
    const stale = await w.employee.post(`/api/crm/leads/${lead.id}/status`, { statusId: first.id, version: lead.version });
    expect(stale.statusCode).toBe(409);
    const failure = statuses.find((s) => s.kind === 'failure')!;
    const lost = ok(await w.employee.patch(`/api/crm/leads/${lead.id}`, { statusId: failure.id, version: moved.version }));
    expect(lost.statusKind).toBe('failure');
  });

  it('refuses a status that is not a lead status of this portal', async () => {
    const dealStage = await w.t.platform.db.selectFrom('crm_stage').select('id').where('portal_id', '=', w.p.portal.id).where('entity_type', '=', 'deal').executeTakeFirst();
    const foreign = await w.t.platform.db.selectFrom('crm_stage').select('id').where('portal_id', '=', w.strangerPortal.portal.id).where('entity_type', '=', 'lead').executeTakeFirstOrThrow();
    for (const statusId of [dealStage?.id ?? 999999, foreign.id]) {
      const res = await w.employee.post('/api/crm/leads', { title: 'Лид', statusId });
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res).statusId).toBe('Этой стадии больше нет. Обновите страницу');
    }
  });

  it('checks phones, e-mails and money', async () => {
    const res = await w.employee.post('/api/crm/leads', { title: 'Лид', phones: [{ type: 'work', value: '+1 000' }], emails: [{ type: 'work', value: 'x' }] });
    expect(fieldErrors(res)).toEqual({ 'phones.0.value': 'Некорректный номер телефона', 'emails.0.value': 'Некорректный e-mail' });
    const money = await w.employee.post('/api/crm/leads', { title: 'Лид', amount: '1.234' });
    expect(fieldErrors(money).amount).toBe('Введите сумму числом, например 1250000.50');
  });

  it('deletes a lead', async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', { title: 'Удалить' }));
    ok(await w.employee.del(`/api/crm/leads/${lead.id}`));
    expect((await w.employee.get(`/api/crm/leads/${lead.id}`)).statusCode).toBe(404);
  });
});

describe('lead conversion', () => {
  it("creates a contact, a company and a deal, links them and keeps the lead's links", async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', fullLead));
    const totalsBefore = await w.t.platform.db.selectFrom('crm_deal_totals').selectAll().where('portal_id', '=', w.p.portal.id).execute();
    const r = ok(await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { contact: true, company: true, deal: {} }));
    expect(r.contactId && r.companyId && r.dealId).toBeTruthy();

    const success = statuses.find((s) => s.kind === 'success')!;
    expect(r.lead).toMatchObject({
      statusId: success.id,
      statusKind: 'success',
      contact: { id: r.contactId, title: 'Соколов Антон Ильич', entityType: 'contact' },
      company: { id: r.companyId, title: 'ООО «Горизонт»', entityType: 'company' },
      deal: { id: r.dealId, title: 'Дизайн офиса 400 м²', entityType: 'deal' },
    });
    expect(r.lead.convertedAt).toBeTruthy();

    const contact = ok(await w.employee.get(`/api/crm/contacts/${r.contactId}`));
    expect(contact).toMatchObject({ lastName: 'Соколов', firstName: 'Антон', middleName: 'Ильич', position: 'Директор' });
    expect(contact.phones).toEqual([{ type: 'mobile', value: '+79031112233' }]);
    expect(contact.emails).toEqual([{ type: 'work', value: 'sokolov@gorizont.ru' }]);
    expect(contact.companies.map((c: any) => c.id)).toEqual([r.companyId]);
    expect(contact.clientPath).toMatchObject({ source: 'Сайт', utmSource: 'yandex', utmCampaign: 'office', firstTouchAt: lead.clientPath.firstTouchAt });
    expect(contact.custom).toEqual({ uf_budget_note: 'до 2 млн' });

    const company = ok(await w.employee.get(`/api/crm/companies/${r.companyId}`));
    expect(company.phones).toEqual(contact.phones);
    expect(company.contacts.map((c: any) => c.id)).toEqual([r.contactId]);
    expect(company.deals.map((d: any) => d.id)).toEqual([r.dealId]);
    expect(company.responsible.id).toBe(w.p.users.employee.id);

    // The deal: the default pipeline's first stage, amount, client, lead; the Kanban totals follow.
    const deal = await w.t.platform.db.selectFrom('crm_deal').selectAll().where('id', '=', r.dealId).executeTakeFirstOrThrow();
    const pipeline = await w.t.platform.db.selectFrom('crm_pipeline').select('id').where('portal_id', '=', w.p.portal.id).orderBy('is_default', 'desc').orderBy('sort').executeTakeFirstOrThrow();
    const firstStage = await w.t.platform.db.selectFrom('crm_stage').select('id').where('pipeline_id', '=', pipeline.id).orderBy('sort').executeTakeFirstOrThrow();
    expect(deal).toMatchObject({
      pipeline_id: pipeline.id,
      stage_id: firstStage.id,
      amount: 150000000,
      currency: 'RUB',
      company_id: r.companyId,
      lead_id: lead.id,
      responsible_id: w.p.users.employee.id,
      source: 'Сайт',
    });
    expect(JSON.parse(deal.custom)).toEqual({ uf_budget_note: 'до 2 млн' });
    const dealContacts = await w.t.platform.db.selectFrom('crm_deal_contact').select(['contact_id', 'is_primary']).where('deal_id', '=', r.dealId).execute();
    expect(dealContacts).toEqual([{ contact_id: r.contactId, is_primary: 1 }]);
    const totals = await w.t.platform.db.selectFrom('crm_deal_totals').selectAll().where('stage_id', '=', firstStage.id).where('responsible_id', '=', w.p.users.employee.id).executeTakeFirstOrThrow();
    const was = totalsBefore.find((x) => x.stage_id === firstStage.id && x.responsible_id === w.p.users.employee.id);
    expect(Number(totals.deal_count)).toBe(Number(was?.deal_count ?? 0) + 1);
    expect(Number(totals.amount_sum)).toBe(Number(was?.amount_sum ?? 0) + 150000000);

    // Twice is refused, and nothing new is created.
    const again = await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { contact: true, company: false, deal: null });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toBe('Лид уже сконвертирован');

    // The histories tell the story.
    const leadTimeline = await drainUntil(w.t, async () => {
      const items = ok(await w.employee.get(`/api/crm/lead/${lead.id}/timeline`)).items;
      return items.some((i: any) => i.action === 'crm.lead.converted') ? items : undefined;
    });
    const conv = leadTimeline.filter((i: any) => i.action === 'crm.lead.converted');
    expect(conv.map((i: any) => i.fieldLabel).sort()).toEqual(['Дата конвертации', 'Компания', 'Контакт', 'Сделка', 'Статус'].sort());
    expect(conv.find((i: any) => i.field === 'status_id').newValue).toBe(success.name);
    expect(conv.find((i: any) => i.field === 'company_id').newValue).toBe('ООО «Горизонт»');
    for (const [entity, id] of [
      ['contact', r.contactId],
      ['company', r.companyId],
      ['deal', r.dealId],
    ]) {
      const items = ok(await w.employee.get(`/api/crm/${entity}/${id}/timeline`)).items;
      const from = items.find((i: any) => i.field === 'lead_id');
      expect(from, entity).toMatchObject({ fieldLabel: 'Создан из лида', newValue: `#${lead.id}` });
    }
  });

  it('converts partly: only a contact, or only a deal', async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', { title: 'Только контакт', lastName: 'Орлова' }));
    const r = ok(await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { contact: true }));
    expect(r.companyId).toBeNull();
    expect(r.dealId).toBeNull();
    expect(r.lead.contact.title).toBe('Орлова');
    expect(r.lead.company).toBeNull();

    const noName = ok(await w.employee.post('/api/crm/leads', { title: 'Заявка с сайта', amount: '700' }));
    const d = ok(await w.employee.post(`/api/crm/leads/${noName.id}/convert`, { deal: {} }));
    expect(d.contactId).toBeNull();
    expect(d.lead.deal.title).toBe('Заявка с сайта');
    const nameless = ok(await w.employee.post('/api/crm/leads', { title: 'Без имени' }));
    const c = ok(await w.employee.post(`/api/crm/leads/${nameless.id}/convert`, { contact: true }));
    expect(c.lead.contact.title).toBe('Без имени');
  });

  it('refuses a conversion that creates nothing or names a foreign pipeline', async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', { title: 'Пусто' }));
    const nothing = await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { contact: false, company: false, deal: null });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().error.message).toBe('Выберите, что создать из лида: контакт, компанию или сделку');
    const foreign = await w.t.platform.db.selectFrom('crm_pipeline').select('id').where('portal_id', '=', w.strangerPortal.portal.id).executeTakeFirstOrThrow();
    const res = await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { contact: true, deal: { pipelineId: foreign.id } });
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res)['deal.pipelineId']).toBe('Не найдено');
    // Nothing was half-written: the lead is still not converted and no contact appeared.
    expect(ok(await w.employee.get(`/api/crm/leads/${lead.id}`)).convertedAt).toBeNull();
    const contacts = await w.t.platform.db.selectFrom('crm_contact').select('id').where('portal_id', '=', w.p.portal.id).where('first_name', '=', 'Пусто').execute();
    expect(contacts).toEqual([]);
  });
});

describe('lead rights', () => {
  it('hides others\' leads from an "own" user; another portal gets 404', async () => {
    const lead = ok(await w.admin.post('/api/crm/leads', { title: 'Чужой лид', responsibleId: w.p.users.head.id }));
    for (const a of [w.other, w.stranger]) {
      expect((await a.get(`/api/crm/leads/${lead.id}`)).statusCode).toBe(404);
      expect((await a.patch(`/api/crm/leads/${lead.id}`, { version: 1, title: 'x' })).statusCode).toBe(404);
      expect((await a.post(`/api/crm/leads/${lead.id}/status`, { version: 1, statusId: statuses[1]!.id })).statusCode).toBe(404);
      expect((await a.post(`/api/crm/leads/${lead.id}/convert`, { contact: true })).statusCode).toBe(404);
      expect((await a.del(`/api/crm/leads/${lead.id}`)).statusCode).toBe(404);
    }
    expect((await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { contact: true })).statusCode).toBe(403);
    expect(ok(await w.admin.get(`/api/crm/leads/${lead.id}`)).convertedAt).toBeNull();
  });
});
