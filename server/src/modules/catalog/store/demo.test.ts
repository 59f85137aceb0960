import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp } from '../../../../test/harness.js';
import { systemCtx } from '../../../platform/context.js';
import { seedStoreDemo } from './demo.js';
import { addProducts } from './test-support.js';

let t: TestApp;
let admin: Agent;

beforeAll(async () => {
  t = await startTestApp();
  const p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  await addProducts(t, p.portal.id, [{ name: 'Бумага A4' }, { name: 'Картон' }, { name: 'Плёнка' }, { name: 'Краска', unit: 'кг' }, { name: 'Баннер', unit: 'м²' }, { name: 'Папка' }]);
  await seedStoreDemo(systemCtx({ db: t.platform.db, sys: t.platform.sys }, p.portal), { password: 'x', users: { admin: p.users.admin.id }, logins: [] });
});
afterAll(() => t?.dispose());

describe('the demo warehouses', () => {
  it('has three warehouses, posted receipts, a write-off, a move and a draft, and the stock they leave', async () => {
    const warehouses = (await admin.get('/api/crm/store/warehouses')).json().items;
    expect(warehouses.map((w: any) => w.name)).toEqual(['Основной склад', 'Склад типографии', 'Шоурум']);
    const docs = (await admin.get('/api/crm/store/documents')).json().items;
    expect(docs.map((d: any) => [d.type, d.status]).sort()).toEqual(
      [
        ['move', 'posted'],
        ['receipt', 'draft'],
        ['receipt', 'posted'],
        ['receipt', 'posted'],
        ['writeoff', 'posted'],
      ].sort(),
    );
    const stock = (await admin.get('/api/crm/store/stock')).json();
    expect(stock.items).toHaveLength(6);
    expect(stock.hasMore).toBe(false);
    const paper = stock.items.find((r: any) => r.product.name === 'Бумага A4');
    // 50 received, 5 moved to the showroom; 20 into the print shop, 3 written off there.
    expect(paper.byWarehouse).toEqual({ [warehouses[0].id]: 45, [warehouses[1].id]: 17, [warehouses[2].id]: 5 });
  });
});
