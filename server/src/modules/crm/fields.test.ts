import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn } from '../../../test/harness.js';
import { fieldErrors, ok, permissions, world, type World } from '../../../test/crm/transfer-fixtures.js';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(() => w?.t.dispose());

const newField = (body: Record<string, unknown>) => w.admin.post('/api/crm/fields', { entityType: 'company', ...body });
const fields = async (entity: string, a = w.admin) => ok(await a.get(`/api/crm/fields?entity=${entity}`)).items as any[];
const createCompany = (body: Record<string, unknown>, a = w.admin) => a.post('/api/crm/companies', { title: 'ООО «Поле»', responsibleId: w.p.users.head.id, ...body });

describe('custom fields', () => {
  it('creates a field of every type with a generated unique code and stable list option ids', async () => {
    const types = ['string', 'text', 'number', 'money', 'date', 'datetime', 'boolean', 'employee', 'crm', 'file', 'url'];
    const made = [];
    for (const type of types) made.push(ok(await newField({ label: `Поле ${type}`, type })));
    const list = ok(await newField({ label: 'Класс клиента', type: 'list', multiple: true, options: [{ label: 'A' }, { label: 'B' }, { label: 'C' }] }));
    const codes = [...made, list].map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^uf_company_\d+$/);
    expect(list.options.map((o: { label: string }) => o.label)).toEqual(['A', 'B', 'C']);
    expect(new Set(list.options.map((o: { id: string }) => o.id)).size).toBe(3);
    expect(list).toMatchObject({ type: 'list', multiple: true, required: false, canRead: true, canEdit: true, version: 1 });

    // Every member sees the definitions, in order, with their own rights.
    const seen = await fields('company', w.employee);
    expect(seen.map((f) => f.code)).toEqual(codes);
    expect(seen.every((f) => f.canRead && f.canEdit)).toBe(true);
    // A code never comes back after its field is deleted.
    ok(await w.admin.del(`/api/crm/fields/${list.id}`));
    const next = ok(await newField({ label: 'Ещё', type: 'string' }));
    expect(codes).not.toContain(next.code);
  });

  it('is managed by administrators only, with Russian messages for bad input', async () => {
    expect((await w.employee.post('/api/crm/fields', { entityType: 'deal', label: 'x', type: 'string' })).statusCode).toBe(403);
    const noOptions = await newField({ label: 'Список', type: 'list' });
    expect(noOptions.statusCode).toBe(400);
    expect(fieldErrors(noOptions).options).toBe('Добавьте хотя бы одно значение списка');
    const badType = await newField({ label: 'x', type: 'colour' });
    expect(badType.statusCode).toBe(400);
    expect(Object.keys(fieldErrors(badType))).toEqual(['type']);
    const badRole = await newField({ label: 'x', type: 'string', readRoles: [999999] });
    expect(fieldErrors(badRole)['readRoles.0']).toBe('Такой роли нет');
    expect((await w.admin.get('/api/crm/fields?entity=nothing')).statusCode).toBe(400);
  });

  it('updates label, options and requiredness with the version; the type stays', async () => {
    const f = ok(await w.admin.post('/api/crm/fields', { entityType: 'deal', label: 'Этап проекта', type: 'list', options: [{ label: 'Эскиз' }, { label: 'Проект' }] }));
    const [sketch, project] = f.options;
    const renamed = ok(
      await w.admin.patch(`/api/crm/fields/${f.id}`, {
        version: f.version,
        label: 'Стадия проекта',
        required: true,
        options: [{ id: project.id, label: 'Рабочий проект' }, { label: 'Надзор' }],
      }),
    );
    expect(renamed.label).toBe('Стадия проекта');
    expect(renamed.required).toBe(true);
    expect(renamed.options[0]).toEqual({ id: project.id, label: 'Рабочий проект' });
    expect(renamed.options[1].id).not.toBe(sketch.id);
    expect(renamed.version).toBe(2);
    const stale = await w.admin.patch(`/api/crm/fields/${f.id}`, { version: 1, label: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('Запись уже изменил другой пользователь. Обновите её и повторите');
    const retype = await w.admin.patch(`/api/crm/fields/${f.id}`, { version: 2, type: 'string' });
    expect(retype.statusCode).toBe(400);
    expect(fieldErrors(retype).type).toBe('Тип поля нельзя изменить после создания');
    expect((await w.admin.patch('/api/crm/fields/999999', { version: 1, label: 'x' })).statusCode).toBe(404);
    // Back to optional, so the other deal tests need not fill it.
    ok(await w.admin.patch(`/api/crm/fields/${f.id}`, { version: 2, required: false }));
  });

  it('checks values on a real item write and stores good ones', async () => {
    const num = ok(await newField({ label: 'Сотрудников', type: 'number' }));
    const money = ok(await newField({ label: 'Бюджет', type: 'money' }));
    const kind = ok(await newField({ label: 'Сегмент', type: 'list', options: [{ label: 'Малый' }, { label: 'Крупный' }] }));
    const site = ok(await newField({ label: 'Портфолио', type: 'url' }));
    const manager = ok(await newField({ label: 'Куратор', type: 'employee' }));
    const must = ok(await newField({ label: 'Код клиента', type: 'string', required: true }));

    const missing = await createCompany({ custom: { [num.code]: 12 } });
    expect(missing.statusCode).toBe(400);
    expect(fieldErrors(missing)[`custom.${must.code}`]).toBe('Заполните поле');

    const bad = await createCompany({
      custom: { [must.code]: 'K-1', [num.code]: 'двенадцать', [money.code]: '12,5 руб', [kind.code]: 'Средний', [site.code]: 'not a link', [manager.code]: 999999 },
    });
    expect(bad.statusCode).toBe(400);
    const errs = fieldErrors(bad);
    expect(errs[`custom.${num.code}`]).toBe('Некорректное значение');
    expect(errs[`custom.${money.code}`]).toBe('Некорректное значение');
    expect(errs[`custom.${kind.code}`]).toBe('Выберите значение из списка');
    expect(errs[`custom.${site.code}`]).toBe('Некорректное значение');
    expect(errs[`custom.${manager.code}`]).toBe('Некорректное значение');

    const good = ok(
      await createCompany({
        custom: { [must.code]: 'K-1', [num.code]: 12, [money.code]: '1500.50', [kind.code]: kind.options[1].id, [site.code]: 'https://portfolio.example', [manager.code]: w.p.users.head.id },
      }),
    );
    const read = ok(await w.employee.get(`/api/crm/companies/${good.id}`));
    expect(read.custom).toMatchObject({ [must.code]: 'K-1', [num.code]: 12, [money.code]: '1500.50', [kind.code]: kind.options[1].id, [manager.code]: w.p.users.head.id });

    // Deleting a field takes its values off every item, in the same transaction.
    ok(await w.admin.del(`/api/crm/fields/${num.id}`));
    const row = await w.t.platform.db.selectFrom('crm_company').select('custom').where('id', '=', good.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.custom)).not.toHaveProperty(num.code);
    expect(JSON.parse(row.custom)).toHaveProperty(must.code, 'K-1');
    expect((await fields('company')).map((f) => f.code)).not.toContain(num.code);
    expect((await w.admin.del(`/api/crm/fields/${num.id}`)).statusCode).toBe(404);
    ok(await w.admin.patch(`/api/crm/fields/${must.id}`, { version: must.version, required: false }));
  });

  it('hides values from roles that may not read them and refuses changes from those that may not edit', async () => {
    const managers = ok(await w.admin.post('/api/crm/roles', { name: 'Менеджеры', permissions: permissions('all'), userIds: [w.p.users.head.id] }));
    const staff = ok(await w.admin.post('/api/crm/roles', { name: 'Сотрудники отдела', permissions: permissions('all'), userIds: [w.p.users.employee.id] }));
    const secret = ok(await w.admin.post('/api/crm/fields', { entityType: 'contact', label: 'Маржа', type: 'number', readRoles: [managers.id] }));
    const locked = ok(await w.admin.post('/api/crm/fields', { entityType: 'contact', label: 'Рейтинг', type: 'number', editRoles: [managers.id] }));

    const asEmployee = await fields('contact', w.employee);
    expect(asEmployee.find((f) => f.id === secret.id)).toMatchObject({ canRead: false, canEdit: false });
    expect(asEmployee.find((f) => f.id === locked.id)).toMatchObject({ canRead: true, canEdit: false });
    expect((await fields('contact', w.head)).find((f) => f.id === secret.id)).toMatchObject({ canRead: true, canEdit: true });

    const contact = ok(await w.head.post('/api/crm/contacts', { lastName: 'Смирнов', custom: { [secret.code]: 30, [locked.code]: 5 } }));
    const seenByEmployee = ok(await w.employee.get(`/api/crm/contacts/${contact.id}`));
    expect(seenByEmployee.custom).not.toHaveProperty(secret.code);
    expect(seenByEmployee.custom[locked.code]).toBe(5);
    expect(ok(await w.head.get(`/api/crm/contacts/${contact.id}`)).custom[secret.code]).toBe(30);

    const refused = await w.employee.patch(`/api/crm/contacts/${contact.id}`, { version: contact.version, custom: { [locked.code]: 9 } });
    expect(refused.statusCode).toBe(400);
    expect(fieldErrors(refused)[`custom.${locked.code}`]).toBe('Недостаточно прав для изменения поля');
    // A role deleted later keeps the field closed rather than opening it to everyone.
    ok(await w.admin.post('/api/crm/roles', { name: 'Основная', permissions: permissions('all'), isDefault: true }));
    ok(await w.admin.patch(`/api/crm/roles/${managers.id}`, { version: managers.version, userIds: [] }));
    ok(await w.admin.del(`/api/crm/roles/${managers.id}`));
    expect((await fields('contact', w.head)).find((f) => f.id === secret.id)).toMatchObject({ canRead: false });
    expect(staff.id).toBeGreaterThan(0);
  });

  it('orders the fields of an item type', async () => {
    const a = ok(await w.admin.post('/api/crm/fields', { entityType: 'lead', label: 'Первое', type: 'string' }));
    const b = ok(await w.admin.post('/api/crm/fields', { entityType: 'lead', label: 'Второе', type: 'string' }));
    const c = ok(await w.admin.post('/api/crm/fields', { entityType: 'lead', label: 'Третье', type: 'string' }));
    const ordered = ok(await w.admin.put('/api/crm/fields/order', { entityType: 'lead', fieldIds: [c.id, a.id] }));
    expect(ordered.items.map((f: { id: number }) => f.id)).toEqual([c.id, a.id, b.id]);
    expect((await fields('lead', w.employee)).map((f) => f.id)).toEqual([c.id, a.id, b.id]);
    const foreign = await w.admin.put('/api/crm/fields/order', { entityType: 'deal', fieldIds: [a.id] });
    expect(fieldErrors(foreign)['fieldIds.0']).toBe('Нет такого поля');
    expect((await w.employee.put('/api/crm/fields/order', { entityType: 'lead', fieldIds: [a.id] })).statusCode).toBe(403);
  });
});

describe('card layouts', () => {
  it('gives each item type a default card with its standard fields and a block of custom fields', async () => {
    for (const [entity, title] of [
      ['deal', 'О сделке'],
      ['company', 'О компании'],
      ['contact', 'О контакте'],
      ['lead', 'О лиде'],
    ]) {
      const l = ok(await w.employee.get(`/api/crm/layouts/${entity}`));
      expect(l.source).toBe('default');
      expect(l.blocks[0].title).toBe(title);
      expect(l.blocks[0].fields.length).toBeGreaterThan(5);
      expect(l.blocks[1].title).toBe('Дополнительно');
      const custom = (await fields(entity, w.employee)).filter((f) => f.canRead).map((f) => f.code);
      expect(l.blocks[1].fields).toEqual(custom);
      expect(l.available.filter((a: { custom: boolean }) => a.custom).map((a: { key: string }) => a.key)).toEqual(custom);
    }
    const company = ok(await w.employee.get('/api/crm/layouts/company'));
    expect(company.blocks[0].fields).toEqual(expect.arrayContaining(['title', 'inn', 'industry', 'revenue', 'phones', 'emails', 'responsible']));
    expect(company.available.find((a: { key: string }) => a.key === 'inn').label).toBe('ИНН');
  });

  it('saves a layout per item type and, for deals, per pipeline', async () => {
    // A field of this test's own (a new portal's deals also have «Воронка обзвона»'s result fields).
    const dealField = (await fields('deal')).find((f: { code: string }) => f.code.startsWith('uf_deal_'));
    const pipeline = await w.t.platform.db.selectFrom('crm_pipeline').select('id').where('portal_id', '=', w.p.portal.id).where('code', '=', 'sales').executeTakeFirstOrThrow();
    const common = {
      blocks: [
        { id: 'main', title: 'Главное', fields: ['title', 'amount', 'stage'] },
        { id: 'more', title: 'Прочее', fields: ['company', dealField.code] },
      ],
    };
    const saved = ok(await w.admin.put('/api/crm/layouts/deal', common));
    expect(saved.source).toBe('entity');
    expect(saved.blocks.slice(0, 2)).toEqual(common.blocks);
    const viaPipeline = ok(await w.employee.get(`/api/crm/layouts/deal?pipelineId=${pipeline.id}`));
    expect(viaPipeline).toMatchObject({ source: 'entity', pipelineId: pipeline.id });

    const own = { blocks: [{ id: 'sales', title: 'Продажа', fields: ['title', 'amount'] }] };
    ok(await w.admin.put(`/api/crm/layouts/deal?pipelineId=${pipeline.id}`, own));
    const perPipeline = ok(await w.employee.get(`/api/crm/layouts/deal?pipelineId=${pipeline.id}`));
    expect(perPipeline.source).toBe('pipeline');
    expect(perPipeline.blocks[0]).toEqual(own.blocks[0]);
    // Custom fields the saved card does not place are appended, so a new field is never lost.
    expect(perPipeline.blocks.at(-1)).toMatchObject({ id: 'extra', title: 'Дополнительно' });
    expect(perPipeline.blocks.at(-1).fields).toContain(dealField.code);
    expect(ok(await w.employee.get('/api/crm/layouts/deal')).blocks.slice(0, 2)).toEqual(common.blocks);
  });

  it('accepts only existing field keys, once each, and pipelines only for deals', async () => {
    const unknown = await w.admin.put('/api/crm/layouts/company', { blocks: [{ id: 'a', title: 'A', fields: ['title', 'uf_company_999999'] }] });
    expect(unknown.statusCode).toBe(400);
    expect(fieldErrors(unknown)['blocks.0.fields.1']).toBe('Нет такого поля: uf_company_999999');
    const twice = await w.admin.put('/api/crm/layouts/company', {
      blocks: [
        { id: 'a', title: 'A', fields: ['title'] },
        { id: 'b', title: 'B', fields: ['title'] },
      ],
    });
    expect(fieldErrors(twice)['blocks.1.fields.0']).toBe('Поле title уже есть в карточке');
    const pipelineForCompany = await w.admin.put('/api/crm/layouts/company?pipelineId=1', { blocks: [] });
    expect(fieldErrors(pipelineForCompany).pipelineId).toBe('Отдельная карточка для воронки бывает только у сделок');
    expect((await w.admin.put('/api/crm/layouts/deal?pipelineId=999999', { blocks: [] })).statusCode).toBe(400);
    expect((await w.employee.put('/api/crm/layouts/company', { blocks: [] })).statusCode).toBe(403);
    expect((await w.employee.get('/api/crm/layouts/invoice')).statusCode).toBe(404);
  });
});

describe('portals', () => {
  it('keep their fields, layouts and roles apart', async () => {
    const mineField = ok(await w.admin.post('/api/crm/fields', { entityType: 'deal', label: 'Только наше', type: 'string' }));
    const role = (ok(await w.admin.get('/api/crm/roles')).items as { id: number; version: number }[])[0]!;
    const otherPortal = await buildPortal(w.t);
    const stranger = await signIn(w.t, otherPortal.portal.name, otherPortal.users.admin.email);
    expect((await fields('deal', stranger)).map((f) => f.code)).not.toContain(mineField.code);
    expect((await stranger.patch(`/api/crm/fields/${mineField.id}`, { version: 1, label: 'x' })).statusCode).toBe(404);
    expect((await stranger.del(`/api/crm/fields/${mineField.id}`)).statusCode).toBe(404);
    expect((await stranger.patch(`/api/crm/roles/${role.id}`, { version: role.version, name: 'x' })).statusCode).toBe(404);
    const theirLayout = ok(await stranger.get('/api/crm/layouts/deal'));
    expect(theirLayout.source).toBe('default');
    expect(JSON.stringify(theirLayout)).not.toContain(mineField.code);
  });
});
