import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '../../../../test/crm/transfer-fixtures.js';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { boxItems, boxTitles } from '../../../../test/search-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let other: Agent;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, employee, other } = await signInAll(t, p));
});
afterAll(() => t?.dispose());

const found = (a: Agent, q: string) => boxItems(a, q, 'products');
const titles = (a: Agent, q: string) => boxTitles(a, q, 'products');
const ok = async (res: Promise<{ statusCode: number; json(): any }>) => {
  const r = await res;
  expect(r.statusCode).toBe(200);
  return r.json();
};

describe('products in the portal search', () => {
  it('finds a product by a word form of its name, its SKU, description and section, for whoever may open the catalogue', async () => {
    const section = await ok(admin.post('/api/crm/catalog/sections', { name: 'Мебель' }));
    const chair = await ok(admin.post('/api/crm/catalog/products', { name: 'Кресло офисное', sku: 'KR-4521', description: 'Сетчатая спинка', sectionId: section.id }));
    const hits = await found(employee, 'кресла');
    expect(hits).toEqual([expect.objectContaining({ id: String(chair.id), title: 'Кресло офисное', subtitle: 'Товар · KR-4521 · Мебель', url: `/crm/catalog?product=${chair.id}` })]);
    for (const q of ['KR-4521', 'спинкой', 'мебели']) expect(await titles(employee, q), q).toEqual(['Кресло офисное']);

    // A role without the catalogue: nothing of it is found.
    expect((await admin.post('/api/crm/roles', { name: 'Без каталога', permissions: permissions('own'), userIds: [p.users.other.id], catalog: 'none', store: 'none' })).statusCode).toBe(200);
    expect((await other.get('/api/crm/catalog/products')).statusCode).toBe(403);
    expect(await titles(other, 'кресла')).toEqual([]);
    expect(await titles(employee, 'кресла')).toEqual(['Кресло офисное']);

    // The section renamed: its products are found by the new name.
    await ok(admin.patch(`/api/crm/catalog/sections/${section.id}`, { name: 'Стулья' }));
    expect(await titles(employee, 'мебели')).toEqual([]);
    expect(await titles(employee, 'стульев')).toEqual(['Кресло офисное']);
  });

  it('follows an edit, a delete and a group delete', async () => {
    const lamp = await ok(admin.post('/api/crm/catalog/products', { name: 'Лампа настольная' }));
    expect(await titles(employee, 'лампы')).toEqual(['Лампа настольная']);
    await ok(admin.patch(`/api/crm/catalog/products/${lamp.id}`, { name: 'Светильник настольный', version: lamp.version }));
    expect(await titles(employee, 'лампы')).toEqual([]);
    expect(await titles(employee, 'светильники')).toEqual(['Светильник настольный']);
    await ok(admin.del(`/api/crm/catalog/products/${lamp.id}`));
    expect(await titles(employee, 'светильники')).toEqual([]);

    const a = await ok(admin.post('/api/crm/catalog/products', { name: 'Тумба мобильная' }));
    const b = await ok(admin.post('/api/crm/catalog/products', { name: 'Тумба приставная' }));
    expect(await titles(employee, 'тумбы')).toEqual(['Тумба мобильная', 'Тумба приставная']);
    await ok(admin.post('/api/crm/catalog/products/bulk', { action: 'delete', ids: [a.id, b.id] }));
    expect(await titles(employee, 'тумбы')).toEqual([]);
  });
});
