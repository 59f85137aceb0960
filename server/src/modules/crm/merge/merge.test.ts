import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainUntil } from '../../../../test/support.js';
import { uploadFile } from '../../../../test/files-support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { VALID_INN_10, VALID_INN_12, addField, clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../../test/crm/clients-fixtures.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
  await addField(w.t, w.p, { entity: 'contact', code: 'hobby', label: 'Хобби' });
});
afterAll(() => w?.t.dispose());

const newContact = async (body: Record<string, unknown>, by = w.admin) => ok(await by.post('/api/crm/contacts', body));
const newCompany = async (body: Record<string, unknown>, by = w.admin) => ok(await by.post('/api/crm/companies', body));
const preview = (type: string, ids: number[], by = w.admin) => by.post(`/api/crm/${type}/merge/preview`, { ids });
const field = (p: any, key: string) => p.fields.find((f: any) => f.key === key);

describe('the comparison', () => {
  it('shows the items side by side: values as shown, which differ, lists combinable', async () => {
    const a = await newContact({
      lastName: 'Петров',
      firstName: 'Иван',
      phones: [{ type: 'mobile', value: '8 (916) 000-11-22' }],
      emails: [{ type: 'work', value: 'ivan@romashka.ru' }],
      custom: { hobby: 'Рыбалка' },
    });
    const b = await newContact({
      lastName: 'Петров',
      firstName: 'Иван Сергеевич',
      phones: [
        { type: 'work', value: '+7 916 000-11-22' },
        { type: 'work', value: '+7 495 111-22-33' },
      ],
      birthday: '1980-05-01',
    });
    const p = ok(await preview('contact', [a.id, b.id]));
    expect(p.type).toBe('contact');
    expect(p.differs).toBe(true);
    expect(p.items.map((i: any) => [i.id, i.title, i.version])).toEqual([
      [a.id, 'Петров Иван', a.version],
      [b.id, 'Петров Иван Сергеевич', b.version],
    ]);
    expect(p.items[0].abilities).toEqual({ edit: true, delete: true });
    expect(field(p, 'lastName')).toMatchObject({ label: 'Фамилия', differs: false, kind: 'value' });
    expect(field(p, 'firstName')).toMatchObject({ label: 'Имя', differs: true, cells: [{ text: 'Иван' }, { text: 'Иван Сергеевич' }] });
    expect(field(p, 'birthday').cells.map((c: any) => c.text)).toEqual(['', '1 мая 1980']);
    const phones = field(p, 'phones');
    expect(phones).toMatchObject({ kind: 'list', label: 'Телефон', differs: true });
    expect(phones.cells[0].entries.map((e: any) => e.text)).toEqual(['+7 916 000-11-22']);
    expect(phones.cells[1].text).toBe('+7 916 000-11-22, +7 495 111-22-33');
    expect(field(p, 'custom.hobby')).toMatchObject({ label: 'Хобби', cells: [{ text: 'Рыбалка' }, { empty: true }] });
    expect(field(p, 'responsible').cells[0].text).toBeTruthy();
    // Nobody filled the position: nothing to compare.
    expect(field(p, 'position')).toBeUndefined();
  });

  it('says when there is nothing to choose', async () => {
    const body = { title: 'ООО «Ромашка»', inn: VALID_INN_10, phones: [{ type: 'work', value: '+7 495 000-00-01' }] };
    const a = await newCompany(body);
    const b = await newCompany({ ...body, phones: [{ type: 'work', value: '8 495 000 00 01' }] });
    const p = ok(await preview('company', [a.id, b.id]));
    expect(p.differs).toBe(false);
    expect(field(p, 'title')).toMatchObject({ label: 'Название компании', differs: false });
  });

  it('refuses one item, other types, unknown ids and another portal’s items', async () => {
    const a = await newContact({ lastName: 'Один' });
    const one = await preview('contact', [a.id, a.id]);
    expect(one.statusCode).toBe(400);
    expect(fieldErrors(one).ids).toBe('Выберите хотя бы два элемента для объединения');
    const lead = await preview('lead', [a.id, a.id + 1]);
    expect(lead.statusCode).toBe(400);
    expect(fieldErrors(lead).type).toBe('Объединять можно только контакты или только компании');
    expect((await preview('contact', [a.id, 999_999])).statusCode).toBe(404);
    const theirs = await newContact({ lastName: 'Чужой' }, w.stranger);
    expect((await preview('contact', [a.id, theirs.id])).statusCode).toBe(404);
    expect((await preview('contact', [a.id, theirs.id], w.stranger)).statusCode).toBe(404);
    const c = await newCompany({ title: 'Не контакт' });
    // A company's id is no contact's id.
    expect((await preview('contact', [a.id, c.id + 1_000_000])).statusCode).toBe(404);
  });
});

describe('the merge', () => {
  it('keeps the chosen values, unites the lists and leaves one item', async () => {
    const a = await newContact({
      lastName: 'Сидоров',
      firstName: 'Пётр',
      position: 'Менеджер',
      phones: [{ type: 'mobile', value: '+7 916 100-00-01' }],
      emails: [{ type: 'work', value: 'petr@a.ru' }],
      custom: { hobby: 'Шахматы' },
    });
    const b = await newContact({
      lastName: 'Сидоров',
      firstName: 'Петр',
      position: 'Директор',
      phones: [
        { type: 'work', value: '8 916 100 00 01' },
        { type: 'work', value: '+7 916 100-00-02' },
      ],
      emails: [{ type: 'work', value: 'PETR@b.ru' }],
      custom: { hobby: 'Теннис' },
    });
    const res = ok(
      await w.admin.post('/api/crm/contact/merge', {
        ids: [a.id, b.id],
        primaryId: a.id,
        choices: { position: b.id, 'custom.hobby': b.id },
        combine: ['phones'],
        versions: { [a.id]: a.version, [b.id]: b.version },
      }),
    );
    expect(res).toMatchObject({ type: 'contact', id: a.id, title: 'Сидоров Пётр', mergedIds: [b.id] });
    const got = ok(await w.admin.get(`/api/crm/contacts/${a.id}`));
    expect(got.position).toBe('Директор');
    expect(got.firstName).toBe('Пётр');
    expect(got.custom.hobby).toBe('Теннис');
    expect(got.phones.map((x: any) => x.value)).toEqual(['+79161000001', '+79161000002']);
    // Not combined: the primary's e-mails.
    expect(got.emails.map((x: any) => x.value)).toEqual(['petr@a.ru']);
    expect((await w.admin.get(`/api/crm/contacts/${b.id}`)).statusCode).toBe(404);
  });

  it('fills the primary’s empty fields from the others and combines every list when not told', async () => {
    const a = await newCompany({ title: 'Вектор', emails: [{ type: 'work', value: 'info@vector.ru' }] });
    const b = await newCompany({ title: 'ООО Вектор', inn: VALID_INN_10, address: 'Москва, Тверская 1', emails: [{ type: 'work', value: 'sales@vector.ru' }], revenue: '1250000.50' });
    ok(await w.admin.post('/api/crm/company/merge', { ids: [a.id, b.id], primaryId: a.id }));
    const got = ok(await w.admin.get(`/api/crm/companies/${a.id}`));
    expect(got).toMatchObject({ title: 'Вектор', inn: VALID_INN_10, address: 'Москва, Тверская 1', revenue: '1250000.50' });
    expect(got.emails.map((x: any) => x.value)).toEqual(['info@vector.ru', 'sales@vector.ru']);
  });

  it('records what was merged in the survivor’s history', async () => {
    const a = await newContact({ lastName: 'Кузнецова', firstName: 'Анна' });
    const b = await newContact({ lastName: 'Кузнецова', firstName: 'Анна', position: 'Юрист' });
    ok(await w.admin.post('/api/crm/contact/merge', { ids: [a.id, b.id], primaryId: a.id }));
    const tl = await drainUntil(w.t, async () => {
      const r = ok(await w.admin.get(`/api/crm/contact/${a.id}/timeline`));
      return r.items.some((e: any) => e.field === 'merged_from') && r;
    });
    const merged = tl.items.find((e: any) => e.field === 'merged_from');
    expect(merged).toMatchObject({ fieldLabel: 'Объединено с', newValue: `Кузнецова Анна (#${b.id})` });
    expect(tl.items.some((e: any) => e.field === 'position' && e.newValue === 'Юрист')).toBe(true);
    const ev = await w.t.platform.db.selectFrom('domain_event').select(['payload']).where('type', '=', 'crm.contact.merged').where('entity_id', '=', String(a.id)).executeTakeFirstOrThrow();
    const payload = JSON.parse(ev.payload);
    expect(payload.mergedIds).toEqual([b.id]);
    expect(payload.items[0].snapshot).toMatchObject({ id: b.id, last_name: 'Кузнецова', position: 'Юрист' });
  });

  it('answers 409 when an item changed since the comparison, and changes nothing', async () => {
    const a = await newContact({ lastName: 'Орлов' });
    const b = await newContact({ lastName: 'Орлов', position: 'Инженер' });
    ok(await w.admin.patch(`/api/crm/contacts/${b.id}`, { version: b.version, position: 'Главный инженер' }));
    const res = await w.admin.post('/api/crm/contact/merge', { ids: [a.id, b.id], primaryId: a.id, versions: { [a.id]: a.version, [b.id]: b.version } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('Запись уже изменил другой пользователь. Обновите её и повторите');
    expect((await w.admin.get(`/api/crm/contacts/${b.id}`)).statusCode).toBe(200);
    expect(ok(await w.admin.get(`/api/crm/contacts/${a.id}`)).position).toBe('');
  });

  it('refuses a primary outside the items, unknown fields and foreign sources', async () => {
    const a = await newContact({ lastName: 'Белов' });
    const b = await newContact({ lastName: 'Белов', firstName: 'Олег' });
    const outside = await w.admin.post('/api/crm/contact/merge', { ids: [a.id, b.id], primaryId: a.id + b.id });
    expect(fieldErrors(outside).primaryId).toBe('Основной элемент должен быть среди объединяемых');
    const bad = await w.admin.post('/api/crm/contact/merge', { ids: [a.id, b.id], primaryId: a.id, choices: { shoeSize: b.id, firstName: 12345 } });
    expect(bad.statusCode).toBe(400);
    expect(fieldErrors(bad)).toMatchObject({ 'choices.shoeSize': 'Такого поля нет', 'choices.firstName': 'Значение можно взять только у одного из объединяемых элементов' });
    expect((await w.admin.get(`/api/crm/contacts/${b.id}`)).statusCode).toBe(200);
  });

  it('needs edit on the survivor and delete on the others', async () => {
    // «Все: own» for `other`: their own items only.
    const mine = await newContact({ lastName: 'Свой', responsibleId: w.p.users.other.id }, w.other);
    const mine2 = await newContact({ lastName: 'Свой', firstName: 'Второй', responsibleId: w.p.users.other.id }, w.other);
    const admins = await newContact({ lastName: 'Чужой для other' });
    expect((await w.other.post('/api/crm/contact/merge', { ids: [mine.id, admins.id], primaryId: mine.id })).statusCode).toBe(404);
    // The employee reads their department's items, edits and deletes only their own.
    const emp = await newContact({ lastName: 'Сотрудника', responsibleId: w.p.users.employee.id }, w.employee);
    const head = await newContact({ lastName: 'Руководителя', responsibleId: w.p.users.head.id }, w.head);
    const headFirst = await w.employee.post('/api/crm/contact/merge', { ids: [emp.id, head.id], primaryId: head.id });
    const empFirst = await w.employee.post('/api/crm/contact/merge', { ids: [emp.id, head.id], primaryId: emp.id });
    expect(ok(await w.employee.get(`/api/crm/contacts/${head.id}`)).abilities).toEqual({ edit: false, delete: false });
    expect(headFirst.statusCode).toBe(403);
    expect(empFirst.statusCode).toBe(403);
    ok(await w.other.post('/api/crm/contact/merge', { ids: [mine.id, mine2.id], primaryId: mine2.id }));
    expect((await w.other.get(`/api/crm/contacts/${mine.id}`)).statusCode).toBe(404);
  });

  it('merges batches for API clients, all or none', async () => {
    const a = await newCompany({ title: 'Альфа', inn: VALID_INN_12 });
    const b = await newCompany({ title: 'Альфа' });
    const c = await newContact({ lastName: 'Гамма' });
    const d = await newContact({ lastName: 'Гамма', position: 'Бухгалтер' });
    const bad = await w.admin.post('/api/crm/merge/batch', {
      merges: [
        { type: 'company', ids: [a.id, b.id], primaryId: b.id },
        { type: 'contact', ids: [c.id, d.id], primaryId: 1 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldErrors(bad)['merges.1.primaryId']).toBeTruthy();
    expect((await w.admin.get(`/api/crm/companies/${a.id}`)).statusCode).toBe(200);
    const res = ok(
      await w.admin.post('/api/crm/merge/batch', {
        merges: [
          { type: 'company', ids: [a.id, b.id], primaryId: b.id },
          { type: 'contact', ids: [c.id, d.id], primaryId: c.id },
        ],
      }),
    );
    expect(res.items.map((i: any) => [i.type, i.id])).toEqual([
      ['company', b.id],
      ['contact', c.id],
    ]);
    expect(ok(await w.admin.get(`/api/crm/companies/${b.id}`)).inn).toBe(VALID_INN_12);
    expect(ok(await w.admin.get(`/api/crm/contacts/${c.id}`)).position).toBe('Бухгалтер');
  });
});

const db = () => scoped({ db: w.t.platform.db, portal: w.p.portal });
const idsOf = (list: { id: number }[] | undefined) => (list ?? []).map((x) => x.id).sort((x, y) => x - y);

/** What an item holds in other modules: an activity, a comment, a task link and a file link. */
async function holders(type: 'contact' | 'company', id: number) {
  const activity = ok(await w.admin.post('/api/crm/activities', { type: 'call', subject: `Звонок ${id}`, owner: { type, id } })).id as number;
  const comment = ok(await w.admin.post(`/api/comments/${type}/${id}`, { html: `<p>Заметка ${id}</p>` })).id as number;
  const task = ok(await w.admin.post('/api/tasks', { title: `Задача ${id}`, crmLinks: [{ type, id }] })).id as number;
  const file = ok(await uploadFile(w.t, w.admin, `файл ${id}`, `f${id}.txt`, 'text/plain')).id as number;
  await db().insertInto('file_link', { file_id: file, entity_type: type, entity_id: id, field: 'docs' }).execute();
  return { activity, comment, task, file };
}

async function expectHeldBy(type: 'contact' | 'company', id: number, h: Awaited<ReturnType<typeof holders>>) {
  expect((await db().selectFrom('crm_activity').select('owner_id').where('id', '=', h.activity).executeTakeFirstOrThrow()).owner_id).toBe(id);
  expect(ok(await w.admin.get(`/api/comments/${type}/${id}`)).items.map((c: { id: number }) => c.id)).toContain(h.comment);
  expect(await db().selectFrom('task_crm_link').select(['entity_type', 'entity_id']).where('task_id', '=', h.task).execute()).toEqual([{ entity_type: type, entity_id: id }]);
  expect(await db().selectFrom('file_link').select(['entity_type', 'entity_id']).where('file_id', '=', h.file).execute()).toEqual([{ entity_type: type, entity_id: id }]);
}

describe('every link moves to the survivor', () => {
  it('contacts: deals (a deal both had keeps one link), companies, leads, activities, comments, tasks and files; the other waits in the trash', async () => {
    const company1 = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Первая»' })).id;
    const company2 = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Вторая»' })).id;
    const a = await newContact({ lastName: 'Связев', firstName: 'Иван', companyIds: [company1] });
    const b = await newContact({ lastName: 'Связев', firstName: 'Иван', position: 'Снабженец', companyIds: [company1, company2] });
    const both = ok(await w.admin.post('/api/crm/deals', { title: 'Общая сделка', contactIds: [b.id, a.id] })).id;
    const only = ok(await w.admin.post('/api/crm/deals', { title: 'Сделка второго', contactIds: [b.id] })).id;
    const lead = ok(await w.admin.post('/api/crm/leads', { title: 'Лид второго' })).id;
    await db().updateTable('crm_lead').set({ contact_id: b.id }).where('id', '=', lead).execute();
    const h = await holders('contact', b.id);

    ok(await w.admin.post('/api/crm/contact/merge', { ids: [a.id, b.id], primaryId: a.id }));
    const got = ok(await w.admin.get(`/api/crm/contacts/${a.id}`));
    expect(idsOf(got.companies)).toEqual([company1, company2].sort((x, y) => x - y));
    expect(idsOf(got.deals)).toEqual([both, only].sort((x, y) => x - y));
    expect(idsOf(ok(await w.admin.get(`/api/crm/deals/${both}`)).contacts)).toEqual([a.id]);
    expect(idsOf(ok(await w.admin.get(`/api/crm/deals/${only}`)).contacts)).toEqual([a.id]);
    expect((await db().selectFrom('crm_lead').select('contact_id').where('id', '=', lead).executeTakeFirstOrThrow()).contact_id).toBe(a.id);
    await expectHeldBy('contact', a.id, h);
    const entry = await db().selectFrom('crm_trash').selectAll().where('entity_type', '=', 'contact').where('entity_id', '=', b.id).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ reason: 'merge', merged_into: a.id, title: 'Связев Иван', deleted_by: w.p.users.admin.id });
    expect(JSON.parse(entry.snapshot).row).toMatchObject({ id: b.id, position: 'Снабженец' });
    const list = ok(await w.admin.get(`/api/crm/contact/list?search=${encodeURIComponent('Связев')}`));
    expect(list.items.map((r: { id: number | string }) => Number(r.id))).toEqual([a.id]);
  });

  it('a deal keeps one primary contact: the survivor takes over where the merged one was primary; each deal’s history names the change', async () => {
    const a = await newContact({ lastName: 'Главный', firstName: 'Олег' });
    const b = await newContact({ lastName: 'Главный', firstName: 'Олег' });
    const c = await newContact({ lastName: 'Третий', firstName: 'Пётр' });
    const bPrimary = ok(await w.admin.post('/api/crm/deals', { title: 'Основной — второй', contactIds: [b.id, c.id], primaryContactId: b.id })).id;
    const cPrimary = ok(await w.admin.post('/api/crm/deals', { title: 'Основной — третий', contactIds: [c.id, b.id], primaryContactId: c.id })).id;
    const bothBPrimary = ok(await w.admin.post('/api/crm/deals', { title: 'Оба, основной второй', contactIds: [a.id, b.id], primaryContactId: b.id })).id;
    ok(await w.admin.post('/api/crm/contact/merge', { ids: [a.id, b.id], primaryId: a.id }));
    const primaryOf = async (deal: number) =>
      (await db().selectFrom('crm_deal_contact').select(['contact_id', 'is_primary']).where('deal_id', '=', deal).orderBy('contact_id').execute()).map((r) => [r.contact_id, Number(r.is_primary)]);
    expect(await primaryOf(bPrimary)).toEqual([
      [a.id, 1],
      [c.id, 0],
    ]);
    expect(await primaryOf(cPrimary)).toEqual([
      [a.id, 0],
      [c.id, 1],
    ]);
    expect(await primaryOf(bothBPrimary)).toEqual([[a.id, 1]]);
    const line = await drainUntil(w.t, () =>
      db()
        .selectFrom('history')
        .select(['field', 'old_value', 'new_value'])
        .where('entity_type', '=', 'deal')
        .where('entity_id', '=', String(bothBPrimary))
        .where('field', '=', 'contact_ids')
        .executeTakeFirst(),
    );
    expect(JSON.parse(String(line.old_value))).toEqual([a.id, b.id]);
    expect(JSON.parse(String(line.new_value))).toEqual([a.id]);
  });

  it('companies: deals, contacts, leads, activities, comments, tasks and files', async () => {
    const a = await newCompany({ title: 'ООО «Сплав»' });
    const b = await newCompany({ title: 'Сплав', inn: VALID_INN_10 });
    const person = await newContact({ lastName: 'Сотрудников', companyIds: [b.id] });
    const deal = ok(await w.admin.post('/api/crm/deals', { title: 'Сделка Сплава', companyId: b.id })).id;
    const lead = ok(await w.admin.post('/api/crm/leads', { title: 'Лид Сплава' })).id;
    await db().updateTable('crm_lead').set({ company_id: b.id }).where('id', '=', lead).execute();
    const h = await holders('company', b.id);

    ok(await w.admin.post('/api/crm/company/merge', { ids: [a.id, b.id], primaryId: a.id }));
    const got = ok(await w.admin.get(`/api/crm/companies/${a.id}`));
    expect(got.inn).toBe(VALID_INN_10);
    expect(idsOf(got.contacts)).toEqual([person.id]);
    expect(idsOf(got.deals)).toEqual([deal]);
    expect(ok(await w.admin.get(`/api/crm/deals/${deal}`)).company.id).toBe(a.id);
    expect((await db().selectFrom('crm_lead').select('company_id').where('id', '=', lead).executeTakeFirstOrThrow()).company_id).toBe(a.id);
    await expectHeldBy('company', a.id, h);
    expect((await w.admin.get(`/api/crm/companies/${b.id}`)).statusCode).toBe(404);
  });

  it('a refused merge moves nothing', async () => {
    const a = await newContact({ lastName: 'Неподвижный' });
    const b = await newContact({ lastName: 'Неподвижный', position: 'Кладовщик' });
    const h = await holders('contact', b.id);
    const res = await w.admin.post('/api/crm/contact/merge', { ids: [a.id, b.id], primaryId: a.id, versions: { [b.id]: b.version + 1 } });
    expect(res.statusCode).toBe(409);
    await expectHeldBy('contact', b.id, h);
  });
});
