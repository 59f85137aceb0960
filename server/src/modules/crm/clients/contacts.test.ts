import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_INN_10, clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../../test/crm/clients-fixtures.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

const newCompany = async (title = 'ООО «Вектор»', by = w.employee) => ok(await by.post('/api/crm/companies', { title, inn: VALID_INN_10 }));

describe('contact card', () => {
  it('saves names, position, birthday, photo and typed values', async () => {
    const c = ok(
      await w.employee.post('/api/crm/contacts', {
        lastName: 'Иванова',
        firstName: 'Анна',
        middleName: 'Петровна',
        position: 'Главный бухгалтер',
        birthday: '1985-04-12',
        photoUrl: 'https://example.ru/a.jpg',
        phones: [{ type: 'mobile', value: '+7 (916) 000-11-22' }],
        emails: [{ type: 'work', value: 'A.Ivanova@Example.RU' }],
        messengers: [{ type: 'work', value: 'telegram: @ivanova' }],
        source: 'Рекомендация',
        utmSource: 'yandex',
      }),
    );
    const got = ok(await w.employee.get(`/api/crm/contacts/${c.id}`));
    expect(got).toMatchObject({
      title: 'Иванова Анна Петровна',
      lastName: 'Иванова',
      firstName: 'Анна',
      middleName: 'Петровна',
      position: 'Главный бухгалтер',
      birthday: '1985-04-12',
      photoUrl: 'https://example.ru/a.jpg',
      companies: [],
      deals: [],
    });
    expect(got.phones).toEqual([{ type: 'mobile', value: '+79160001122' }]);
    expect(got.emails).toEqual([{ type: 'work', value: 'a.ivanova@example.ru' }]);
    expect(got.clientPath).toMatchObject({ source: 'Рекомендация', utmSource: 'yandex' });
    expect(got.responsible.id).toBe(w.p.users.employee.id);
  });

  it('needs a first or a last name', async () => {
    const res = await w.employee.post('/api/crm/contacts', { middleName: 'Петрович', position: 'Директор' });
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res)).toMatchObject({ lastName: 'Укажите имя или фамилию', firstName: 'Укажите имя или фамилию' });
    const c = ok(await w.employee.post('/api/crm/contacts', { firstName: 'Пётр' }));
    const cleared = await w.employee.patch(`/api/crm/contacts/${c.id}`, { version: c.version, firstName: '' });
    expect(fieldErrors(cleared).firstName).toBe('Укажите имя или фамилию');
  });

  it('refuses bad dates, photo links, phones and e-mails with the field', async () => {
    const res = await w.employee.post('/api/crm/contacts', {
      firstName: 'Олег',
      birthday: '2023-02-31',
      photoUrl: 'ftp://example.ru/a.jpg',
      phones: [
        { type: 'work', value: '+7 916 000-11-22' },
        { type: 'home', value: 'не телефон' },
      ],
      emails: [{ type: 'work', value: 'oleg@@example.ru' }],
    });
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res)).toEqual({
      birthday: 'Введите дату в формате ГГГГ-ММ-ДД',
      photoUrl: 'Некорректная ссылка',
      'phones.1.value': 'Некорректный номер телефона',
      'emails.0.value': 'Некорректный e-mail',
    });
    const dotted = await w.employee.post('/api/crm/contacts', { firstName: 'Олег', birthday: '31.12.1990' });
    expect(fieldErrors(dotted).birthday).toBe('Введите дату в формате ГГГГ-ММ-ДД');
  });

  it('answers 409 to an update from an old version', async () => {
    const c = ok(await w.employee.post('/api/crm/contacts', { lastName: 'Смирнов' }));
    ok(await w.employee.patch(`/api/crm/contacts/${c.id}`, { version: c.version, position: 'Инженер' }));
    const stale = await w.employee.patch(`/api/crm/contacts/${c.id}`, { version: c.version, position: 'Архитектор' });
    expect(stale.statusCode).toBe(409);
    expect(ok(await w.employee.get(`/api/crm/contacts/${c.id}`)).position).toBe('Инженер');
  });
});

describe('contacts and companies', () => {
  it('links a contact to companies and shows the link from both sides', async () => {
    const a = await newCompany('ООО «Альфа»');
    const b = await newCompany('ООО «Бета»');
    const c = ok(await w.employee.post('/api/crm/contacts', { lastName: 'Кузнецов', firstName: 'Олег', companyIds: [a.id, b.id] }));
    expect(c.companies.map((x: any) => x.title).sort()).toEqual(['ООО «Альфа»', 'ООО «Бета»']);
    expect(ok(await w.employee.get(`/api/crm/companies/${a.id}`)).contacts).toEqual([{ id: c.id, title: 'Кузнецов Олег', entityType: 'contact' }]);

    const moved = ok(await w.employee.patch(`/api/crm/contacts/${c.id}`, { version: c.version, companyIds: [b.id] }));
    expect(moved.companies.map((x: any) => x.id)).toEqual([b.id]);
    expect(ok(await w.employee.get(`/api/crm/companies/${a.id}`)).contacts).toEqual([]);
    expect(ok(await w.employee.get(`/api/crm/companies/${b.id}`)).contacts.map((x: any) => x.id)).toEqual([c.id]);

    // Deleting the contact removes it from the company.
    ok(await w.employee.del(`/api/crm/contacts/${c.id}`));
    expect((await w.employee.get(`/api/crm/contacts/${c.id}`)).statusCode).toBe(404);
    expect(ok(await w.employee.get(`/api/crm/companies/${b.id}`)).contacts).toEqual([]);
  });

  it('refuses companies of another portal and companies the actor may not read', async () => {
    const foreign = ok(await w.stranger.post('/api/crm/companies', { title: 'Чужая компания' }));
    const hidden = await newCompany('Скрытая', w.admin);
    const own = await newCompany('Своя', w.other);
    const res = await w.other.post('/api/crm/contacts', { lastName: 'Тестов', companyIds: [own.id, foreign.id, hidden.id] });
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res)).toEqual({ 'companyIds.1': 'Компания не найдена', 'companyIds.2': 'Компания не найдена' });
  });

  it('keeps links to companies the editor cannot see', async () => {
    const hidden = await newCompany('Невидимая', w.admin);
    const c = ok(await w.admin.post('/api/crm/contacts', { lastName: 'Общий', companyIds: [hidden.id], responsibleId: w.p.users.other.id }));
    const seen = ok(await w.other.get(`/api/crm/contacts/${c.id}`));
    expect(seen.companies).toEqual([]);
    const mine = await newCompany('Видимая', w.other);
    ok(await w.other.patch(`/api/crm/contacts/${c.id}`, { version: seen.version, companyIds: [mine.id] }));
    const all = ok(await w.admin.get(`/api/crm/contacts/${c.id}`));
    expect(all.companies.map((x: any) => x.id).sort((x: number, y: number) => x - y)).toEqual([hidden.id, mine.id].sort((x, y) => x - y));
  });

  it("lists the contact's deals", async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', { title: 'Ремонт', firstName: 'Глеб', amount: '250000' }));
    const conv = ok(await w.employee.post(`/api/crm/leads/${lead.id}/convert`, { contact: true, company: false, deal: {} }));
    const contact = ok(await w.employee.get(`/api/crm/contacts/${conv.contactId}`));
    expect(contact.deals).toHaveLength(1);
    expect(contact.deals[0]).toMatchObject({ id: conv.dealId, title: 'Ремонт', entityType: 'deal', amount: '250000.00', currency: 'RUB' });
    expect(contact.deals[0].stageName).toBeTruthy();
  });

  it('copies a contact with its companies', async () => {
    const a = await newCompany('ООО «Копируемая»');
    const c = ok(await w.employee.post('/api/crm/contacts', { lastName: 'Петров', firstName: 'Илья', position: 'Директор', companyIds: [a.id], phones: [{ type: 'work', value: '+74951234567' }] }));
    const copy = ok(await w.employee.post(`/api/crm/contacts/${c.id}/copy`));
    expect(copy.id).not.toBe(c.id);
    expect(copy).toMatchObject({ lastName: 'Петров (копия)', firstName: 'Илья', position: 'Директор', phones: c.phones });
    expect(copy.companies.map((x: any) => x.id)).toEqual([a.id]);
    expect(ok(await w.employee.get(`/api/crm/companies/${a.id}`)).contacts).toHaveLength(2);
  });
});

describe('contact rights', () => {
  it('hides others\' contacts from an "own" user; another portal gets 404 everywhere', async () => {
    const c = ok(await w.admin.post('/api/crm/contacts', { lastName: 'Закрытый', responsibleId: w.p.users.head.id }));
    for (const a of [w.other, w.stranger]) {
      expect((await a.get(`/api/crm/contacts/${c.id}`)).statusCode).toBe(404);
      expect((await a.patch(`/api/crm/contacts/${c.id}`, { version: c.version, lastName: 'Взлом' })).statusCode).toBe(404);
      expect((await a.del(`/api/crm/contacts/${c.id}`)).statusCode).toBe(404);
      expect((await a.post(`/api/crm/contacts/${c.id}/copy`)).statusCode).toBe(404);
    }
    expect((await w.employee.patch(`/api/crm/contacts/${c.id}`, { version: c.version, lastName: 'Взлом' })).statusCode).toBe(403);
    expect(ok(await w.admin.get(`/api/crm/contacts/${c.id}`)).lastName).toBe('Закрытый');
  });
});
