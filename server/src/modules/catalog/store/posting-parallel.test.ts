import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp } from '../../../../test/harness.js';
import { addProducts } from './test-support.js';

/**
 * Documents posted at the same moment (on PostgreSQL truly at once, on SQLite one writer after
 * the other): the stock adds up every posting exactly once, and a write-off the first one left
 * short is refused.
 */
let t: TestApp;
let admin: Agent;
let second: Agent;
let warehouse: number;
let products: number[];

beforeAll(async () => {
  t = await startTestApp();
  const p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  second = await signIn(t, p.portal.name, p.users.admin.email);
  products = await addProducts(t, p.portal.id, [{ name: 'Бумага A4' }, { name: 'Картон' }, { name: 'Плёнка' }]);
  warehouse = (await admin.post('/api/crm/store/warehouses', { name: 'Склад' })).json().id;
});
afterAll(() => t?.dispose());

async function draft(type: string, rows: { productId: number; quantity: number }[]) {
  const res = await admin.post('/api/crm/store/documents', { type, warehouseId: warehouse, rows });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; version: number };
}
const post = (who: Agent, d: { id: number; version: number }) => who.post(`/api/crm/store/documents/${d.id}/post`, { version: d.version });
const stock = async (productId: number) => (await admin.get(`/api/crm/store/stock?productId=${productId}`)).json().items[0]?.byWarehouse[warehouse] ?? 0;

describe('posting in parallel', () => {
  it('adds two receipts of a product that has no stock yet, both', async () => {
    const [a, b] = [await draft('receipt', [{ productId: products[0]!, quantity: 10 }]), await draft('receipt', [{ productId: products[0]!, quantity: 10 }])];
    const res = await Promise.all([post(admin, a!), post(second, b!)]);
    expect(res.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(await stock(products[0]!)).toBe(20);
  });

  it('posts one of two write-offs that together exceed the stock and refuses the other, never double-counting', async () => {
    for (let round = 0; round < 5; round++) {
      const before = await stock(products[0]!);
      const take = Math.floor(before / 2) + 1;
      const [a, b] = [await draft('writeoff', [{ productId: products[0]!, quantity: take }]), await draft('writeoff', [{ productId: products[0]!, quantity: take }])];
      const res = await Promise.all([post(admin, a!), post(second, b!)]);
      expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const refused = res.find((r) => r.statusCode === 409)!.json();
      expect(refused.error.message).toBe(`Не хватает: «Бумага A4» — ${take - (before - take)} шт`);
      expect(await stock(products[0]!)).toBe(before - take);
      // Top up for the next round.
      await post(admin, await draft('receipt', [{ productId: products[0]!, quantity: 20 }]));
    }
  });

  it('posts documents naming the same products in opposite orders without a deadlock', async () => {
    const [p1, p2, p3] = products as [number, number, number];
    await post(
      admin,
      await draft('receipt', [
        { productId: p2, quantity: 100 },
        { productId: p3, quantity: 100 },
      ]),
    );
    const start = [await stock(p1), await stock(p2), await stock(p3)];
    const docs = [];
    for (let i = 0; i < 6; i++) {
      docs.push(
        await draft('receipt', [
          { productId: p1, quantity: 1 },
          { productId: p2, quantity: 1 },
          { productId: p3, quantity: 1 },
        ]),
      );
      docs.push(
        await draft('writeoff', [
          { productId: p3, quantity: 1 },
          { productId: p2, quantity: 1 },
        ]),
      );
    }
    const res = await Promise.all(docs.map((d, i) => post(i % 2 ? second : admin, d)));
    expect(res.map((r) => r.statusCode)).toEqual(docs.map(() => 200));
    expect([await stock(p1), await stock(p2), await stock(p3)]).toEqual([start[0]! + 6, start[1]!, start[2]!]);
  });

  it('posts the same document once when it is posted twice at once', async () => {
    const d = await draft('receipt', [{ productId: products[1]!, quantity: 3 }]);
    const before = await stock(products[1]!);
    const res = await Promise.all([post(admin, d), post(second, d)]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await stock(products[1]!)).toBe(before + 3);
  });
});
