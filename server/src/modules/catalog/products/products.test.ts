import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrors, ok, permissions, world, type World } from '../../../../test/crm/transfer-fixtures.js';
import { buildPortal, signIn } from '../../../../test/harness.js';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(() => w?.t.dispose());

const product = (over: Record<string, unknown> = {}) => ({ name: 'Товар', ...over });
const create = async (over: Record<string, unknown> = {}) => ok(await w.admin.post('/api/crm/catalog/products', product(over)));
const search = async (q: string, a = w.admin) => (ok(await a.get(`/api/crm/catalog/products/search?q=${encodeURIComponent(q)}`)) as { name: string }[]).map((p) => p.name);

describe('rights in «Товары и склады»', () => {
  it('gives the preset roles their rights and lets an administrator change them', async () => {
    const roles = ok(await w.admin.get('/api/crm/roles')).items as { id: number; name: string; catalog: string; store: string; version: number }[];
    const by = Object.fromEntries(roles.map((r) => [r.name, r]));
    expect(by['Сотрудник']).toMatchObject({ catalog: 'read', store: 'read' });
    expect(by['Руководитель отдела']).toMatchObject({ catalog: 'read', store: 'post' });
    expect(by['Администратор CRM']).toMatchObject({ catalog: 'edit', store: 'post' });

    expect(ok(await w.employee.get('/api/crm/catalog/rights'))).toEqual({ catalog: 'read', store: 'read' });
    expect(ok(await w.admin.get('/api/crm/catalog/rights'))).toEqual({ catalog: 'edit', store: 'post' });
    expect((await w.employee.post('/api/crm/catalog/products', product())).statusCode).toBe(403);

    const role = ok(await w.admin.post('/api/crm/roles', { name: 'Товаровед', permissions: permissions('own'), userIds: [w.p.users.employee.id], catalog: 'edit', store: 'none' }));
    expect(role).toMatchObject({ catalog: 'edit', store: 'none' });
    expect(ok(await signIn(w.t, w.p.portal.name, w.p.users.employee.email).then((a) => a.get('/api/crm/catalog/rights')))).toEqual({ catalog: 'edit', store: 'none' });
    const patched = ok(await w.admin.patch(`/api/crm/roles/${role.id}`, { version: role.version, catalog: 'none' }));
    expect(patched).toMatchObject({ catalog: 'none', store: 'none', version: role.version + 1 });
    expect((await w.admin.patch(`/api/crm/roles/${role.id}`, { version: role.version, catalog: 'read' })).statusCode).toBe(409);
    expect((await w.admin.post('/api/crm/roles', { name: 'x', permissions: permissions('own'), catalog: 'everything' })).statusCode).toBe(400);
    ok(await w.admin.del(`/api/crm/roles/${role.id}`));

    const noRights = ok(await w.admin.post('/api/crm/roles', { name: 'Без каталога', permissions: permissions('own'), userIds: [w.p.users.other.id], catalog: 'none', store: 'none' }));
    const other = await signIn(w.t, w.p.portal.name, w.p.users.other.email);
    expect((await other.get('/api/crm/catalog/products')).statusCode).toBe(403);
    expect((await other.get('/api/crm/catalog/products/search?q=a')).statusCode).toBe(403);
    ok(await w.admin.del(`/api/crm/roles/${noRights.id}`));
  });
});

describe('sections', () => {
  it('makes a tree, refuses a cycle and moves the contents up when one is deleted', async () => {
    const top = ok(await w.admin.post('/api/crm/catalog/sections', { name: 'Печать' }));
    const sub = ok(await w.admin.post('/api/crm/catalog/sections', { name: 'Открытки', parentId: top.id }));
    const deep = ok(await w.admin.post('/api/crm/catalog/sections', { name: 'Премиум', parentId: sub.id }));
    const p = await create({ name: 'Открытка премиум', sectionId: sub.id });
    const cycle = await w.admin.patch(`/api/crm/catalog/sections/${top.id}`, { parentId: deep.id });
    expect(cycle.statusCode).toBe(400);
    expect(fieldErrors(cycle).parentId).toBe('Раздел нельзя вложить в самого себя или в свой подраздел');
    expect(fieldErrors(await w.admin.post('/api/crm/catalog/sections', { name: 'x', parentId: 999999 })).parentId).toBe('Такого раздела нет');
    expect(fieldErrors(await w.admin.post('/api/crm/catalog/sections', { name: ' ' })).name).toBe('Укажите название');

    const inTop = ok(await w.admin.get(`/api/crm/catalog/products?sectionId=${top.id}`));
    expect(inTop.items.map((i: { id: number }) => i.id)).toEqual([p.id]);

    ok(await w.admin.del(`/api/crm/catalog/sections/${sub.id}`));
    const list = ok(await w.admin.get('/api/crm/catalog/sections')).items as { id: number; parentId: number | null; productCount: number }[];
    expect(list.find((s) => s.id === deep.id)?.parentId).toBe(top.id);
    expect(list.find((s) => s.id === top.id)?.productCount).toBe(1);
    expect(ok(await w.admin.get(`/api/crm/catalog/products/${p.id}`)).sectionId).toBe(top.id);
    expect((await w.employee.post('/api/crm/catalog/sections', { name: 'x' })).statusCode).toBe(403);
  });
});

describe('products', () => {
  it('creates, changes with its version and deletes a product; bad input names the field', async () => {
    const p = await create({ name: 'Баннер 3×6 м', sku: 'BN-36', unit: 'м²', price: '1250.50', vatRate: 20, vatIncluded: false, kind: 'product' });
    expect(p).toMatchObject({ name: 'Баннер 3×6 м', sku: 'BN-36', unit: 'м²', price: '1250.50', currency: 'RUB', vatRate: 20, vatIncluded: false, active: true, version: 1 });
    const changed = ok(await w.admin.patch(`/api/crm/catalog/products/${p.id}`, { version: 1, price: '1300', active: false }));
    expect(changed).toMatchObject({ price: '1300.00', active: false, version: 2 });
    expect((await w.admin.patch(`/api/crm/catalog/products/${p.id}`, { version: 1, price: '1' })).statusCode).toBe(409);

    for (const [body, field, message] of [
      [{ price: '-5' }, 'price', 'Цена — неотрицательное число, не больше двух знаков после запятой'],
      [{ price: 'abc' }, 'price', 'Цена — неотрицательное число, не больше двух знаков после запятой'],
      [{ name: '' }, 'name', 'Укажите название'],
      [{ vatRate: 18 }, 'vatRate', null],
      [{ sectionId: 999999 }, 'sectionId', 'Такого раздела нет'],
      [{ photoFileIds: [999999] }, 'photoFileIds.0', 'Файл не найден'],
    ] as const) {
      const res = await w.admin.post('/api/crm/catalog/products', product(body));
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const errs = fieldErrors(res);
      expect(Object.keys(errs)).toContain(field);
      if (message) expect(errs[field]).toBe(message);
    }
    ok(await w.admin.put('/api/me/language', { language: 'en' }));
    expect(fieldErrors(await w.admin.post('/api/crm/catalog/products', product({ price: '-1' }))).price).toBe('The price is a non-negative number with at most two decimals');
    ok(await w.admin.put('/api/me/language', { language: 'ru' }));

    ok(await w.admin.del(`/api/crm/catalog/products/${p.id}`));
    expect((await w.admin.get(`/api/crm/catalog/products/${p.id}`)).statusCode).toBe(404);
  });

  it('finds products by word forms of their name and by the start of their SKU', async () => {
    await create({ name: 'Визитка односторонняя', sku: 'VZ-100' });
    await create({ name: 'Печать плаката', sku: 'PL-A1' });
    await create({ name: 'Ламинирование документов', sku: 'LM-01', kind: 'service', unit: 'усл' });
    await create({ name: 'Визитная карточка', sku: 'VZ-200', active: false });
    expect(await search('визитки')).toEqual(['Визитка односторонняя']);
    expect(await search('визиткой')).toEqual(['Визитка односторонняя']);
    expect(await search('печати')).toEqual(['Печать плаката']);
    expect(await search('плакатов печать')).toEqual(['Печать плаката']);
    expect(await search('ламинированием')).toEqual(['Ламинирование документов']);
    expect(await search('vz-1')).toEqual(['Визитка односторонняя']);
    expect(await search('PL-A')).toEqual(['Печать плаката']);
    expect(await search('ламин')).toEqual(['Ламинирование документов']);
    expect(await search('визитки плакат')).toEqual([]);
    expect(await search('визитн')).toEqual([]);
    expect(ok(await w.admin.get(`/api/crm/catalog/products/search?all=true&q=${encodeURIComponent('визитн')}`)).map((p: { name: string }) => p.name)).toEqual(['Визитная карточка']);
    const brief = ok(await w.employee.get(`/api/crm/catalog/products/search?q=${encodeURIComponent('плакаты')}`))[0];
    expect(brief).toMatchObject({ name: 'Печать плаката', sku: 'PL-A1', unit: 'шт', price: '0.00', currency: 'RUB', vatRate: null, vatIncluded: true, active: true, photoUrl: null });
  });

  it('filters, sorts and pages the list, and acts on sets of ids', async () => {
    const ids = [] as number[];
    for (let i = 1; i <= 5; i++) ids.push((await create({ name: `Рулон плёнки ${i}`, sku: `FL-${i}`, price: String(i * 100), kind: i % 2 ? 'product' : 'service' })).id);
    const page = ok(await w.admin.get(`/api/crm/catalog/products?q=${encodeURIComponent('рулоны')}&sort=price&order=desc&pageSize=2&page=2`));
    expect(page.total).toBe(5);
    expect(page.items.map((i: { price: string }) => i.price)).toEqual(['300.00', '200.00']);
    expect(ok(await w.admin.get(`/api/crm/catalog/products?q=${encodeURIComponent('рулон')}&kind=service`)).total).toBe(2);
    expect(ok(await w.admin.get(`/api/crm/catalog/products?q=${encodeURIComponent('рулон')}&priceFrom=150&priceTo=400`)).total).toBe(3);
    expect(fieldErrors(await w.admin.get('/api/crm/catalog/products?priceFrom=-1')).priceFrom).toBeTruthy();

    const section = ok(await w.admin.post('/api/crm/catalog/sections', { name: 'Материалы' }));
    expect(ok(await w.admin.post('/api/crm/catalog/products/bulk', { action: 'move', ids: ids.slice(0, 2), sectionId: section.id })).count).toBe(2);
    expect(ok(await w.admin.get(`/api/crm/catalog/products?sectionId=${section.id}`)).total).toBe(2);
    ok(await w.admin.post('/api/crm/catalog/products/bulk', { action: 'deactivate', ids }));
    expect(await search('рулон')).toEqual([]);
    expect(ok(await w.admin.get(`/api/crm/catalog/products?q=${encodeURIComponent('рулон')}&active=false`)).total).toBe(5);
    const unknown = await w.admin.post('/api/crm/catalog/products/bulk', { action: 'delete', ids: [ids[0], 999999] });
    expect(unknown.statusCode).toBe(400);
    expect(fieldErrors(unknown)['ids.1']).toBe('Такого товара нет');
    ok(await w.admin.post('/api/crm/catalog/products/bulk', { action: 'delete', ids }));
    expect(ok(await w.admin.get(`/api/crm/catalog/products?q=${encodeURIComponent('рулон')}`)).total).toBe(0);
    expect((await w.employee.post('/api/crm/catalog/products/bulk', { action: 'delete', ids: [ids[0]] })).statusCode).toBe(403);
  });

  it('shows nothing of another portal', async () => {
    const p = await create({ name: 'Чужой товар', sku: 'ALIEN-1' });
    const q = await buildPortal(w.t);
    const stranger = await signIn(w.t, q.portal.name, q.users.admin.email);
    expect((await stranger.get(`/api/crm/catalog/products/${p.id}`)).statusCode).toBe(404);
    expect((await stranger.patch(`/api/crm/catalog/products/${p.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect(ok(await stranger.get('/api/crm/catalog/products/search?q=alien'))).toEqual([]);
  });
});
