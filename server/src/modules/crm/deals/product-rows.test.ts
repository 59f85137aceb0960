import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp } from '../../../../test/harness.js';
import { crmData } from '../../../../test/crm/deals-support.js';
import { scoped } from '../../../platform/db/scoped.js';

let t: TestApp;
let admin: Agent;
let otherPortalAdmin: Agent;
let data: ReturnType<typeof crmData>;
let otherData: ReturnType<typeof crmData>;

beforeAll(async () => {
  t = await startTestApp();
  const p = await buildPortal(t);
  const q = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  otherPortalAdmin = await signIn(t, q.portal.name, q.users.admin.email);
  data = crmData(t, p);
  otherData = crmData(t, q);
});
afterAll(() => t?.dispose());

/** A product of a portal's catalogue (price in kopecks). */
async function product(d: ReturnType<typeof crmData>, p: { name: string; price: number; unit?: string; vat_rate?: number | null; vat_included?: number }) {
  const now = new Date().toISOString();
  const r = await scoped(d.ctx)
    .insertInto('catalog_product', {
      kind: 'product',
      sku: '',
      description: '',
      currency: 'RUB',
      unit: 'шт',
      vat_rate: null,
      vat_included: 1,
      active: 1,
      sort: 500,
      version: 1,
      created_at: now,
      updated_at: now,
      ...p,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

async function ok(res: { statusCode: number; body: string; json(): any }) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const fieldsOf = (res: { json(): any }) => (res.json().error.fields as { field: string; message: string }[]).map((f) => f.field);

describe('the deal amount follows the product rows unless set by hand', () => {
  it('follows the rows, keeps a manual amount while rows change, and «Пересчитать по товарам» brings it back', async () => {
    const d = await ok(await admin.post('/api/crm/deals', { title: 'Ремонт офиса', products: [{ name: 'Смета', price: '1000', quantity: 2 }] }));
    expect(d).toMatchObject({ amount: '2000.00', amountManual: false });

    // The user types the amount by hand: it stays, and stays when the rows change.
    const manual = await ok(await admin.patch(`/api/crm/deals/${d.id}`, { version: d.version, amount: '1500.00', amountManual: true }));
    expect(manual).toMatchObject({ amount: '1500.00', amountManual: true, productTotals: { total: '2000.00' } });
    const moreRows = await ok(
      await admin.patch(`/api/crm/deals/${d.id}`, {
        version: manual.version,
        products: [...d.products.map(({ name, price, quantity }: any) => ({ name, price, quantity })), { name: 'Выезд', price: '500', quantity: 1 }],
      }),
    );
    expect(moreRows).toMatchObject({ amount: '1500.00', amountManual: true, productTotals: { total: '2500.00' } });

    // «Пересчитать по товарам».
    const back = await ok(await admin.patch(`/api/crm/deals/${d.id}`, { version: moreRows.version, amountManual: false }));
    expect(back).toMatchObject({ amount: '2500.00', amountManual: false });
    // Without «вручную» a typed amount does not override the rows.
    const typed = await ok(await admin.patch(`/api/crm/deals/${d.id}`, { version: back.version, amount: '7.00' }));
    expect(typed).toMatchObject({ amount: '2500.00', amountManual: false });

    // No rows: the amount is free.
    const none = await ok(await admin.patch(`/api/crm/deals/${d.id}`, { version: typed.version, products: [], amount: '900.00' }));
    expect(none).toMatchObject({ amount: '900.00', amountManual: false, products: [] });
    const reread = await ok(await admin.get(`/api/crm/deals/${d.id}`));
    expect(reread).toMatchObject({ amount: '900.00', amountManual: false });
  });

  it('keeps the flag when only it changes and the amount already matches', async () => {
    const d = await ok(await admin.post('/api/crm/deals', { title: 'Флаг', products: [{ name: 'A', price: '100', quantity: 1 }], amount: '100.00', amountManual: true }));
    expect(d).toMatchObject({ amount: '100.00', amountManual: true });
    const back = await ok(await admin.patch(`/api/crm/deals/${d.id}`, { version: d.version, amountManual: false }));
    expect(back.amountManual).toBe(false);
    const rows = await ok(await admin.patch(`/api/crm/deals/${d.id}`, { version: back.version, products: [{ name: 'A', price: '100', quantity: 3 }] }));
    expect(rows.amount).toBe('300.00');
  });
});

describe('discounts: a percent of the row or a sum off each unit', () => {
  it('takes a sum off each unit before the tax, as Bitrix24 does', async () => {
    const d = await ok(
      await admin.post('/api/crm/deals', {
        title: 'Скидки',
        products: [
          // (1000 − 100) × 3 = 2700, + 20 % = 540 → 3240.
          { name: 'Скидка суммой', price: '1000', quantity: 3, discountType: 'sum', discountSum: '100', taxPercent: 20, taxIncluded: false },
          // 2000 − 25 % = 1500, 20 % inside: 250.
          { name: 'Скидка процентом', price: '1000', quantity: 2, discountType: 'percent', discountPercent: 25, taxPercent: 20, taxIncluded: true },
        ],
      }),
    );
    expect(d.products.map((r: any) => [r.name, r.discountType, r.discountPercent, r.discountSum, r.discount, r.net, r.tax, r.sum])).toEqual([
      ['Скидка суммой', 'sum', 0, '100.00', '300.00', '2700.00', '540.00', '3240.00'],
      ['Скидка процентом', 'percent', 25, '0.00', '500.00', '1250.00', '250.00', '1500.00'],
    ]);
    expect(d.productTotals).toEqual({ discount: '800.00', net: '3950.00', tax: '790.00', total: '4740.00' });
    expect(d.amount).toBe('4740.00');
  });

  it('refuses a discount larger than the price, a negative or non-numeric quantity or price, with the field', async () => {
    const over = await admin.post('/api/crm/deals', { title: 'X', products: [{ name: 'A', price: '10', quantity: 1, discountType: 'sum', discountSum: '11' }] });
    expect(over.statusCode).toBe(400);
    expect(fieldsOf(over)).toEqual(['products.0.discountSum']);
    expect(over.json().error.fields[0].message).toBe('Скидка больше цены');

    for (const [row, field] of [
      [{ name: 'A', price: '10', quantity: -1 }, 'products.0.quantity'],
      [{ name: 'A', price: '10', quantity: 'два' }, 'products.0.quantity'],
      [{ name: 'A', price: '-10', quantity: 1 }, 'products.0.price'],
      [{ name: 'A', price: 'десять', quantity: 1 }, 'products.0.price'],
      [{ price: '10', quantity: 1 }, 'products.0.name'],
    ] as const) {
      const res = await admin.post('/api/crm/deals', { title: 'X', products: [row] });
      expect(res.statusCode, JSON.stringify(row)).toBe(400);
      expect(fieldsOf(res)).toContain(field);
    }
  });
});

describe('a row picked from the catalogue', () => {
  it('takes the product’s name, price, unit and VAT where the row leaves them out', async () => {
    const paper = await product(data, { name: 'Бумага A4', price: 45000, unit: 'упак', vat_rate: 20, vat_included: 0 });
    const design = await product(data, { name: 'Дизайн логотипа', price: 1500000, unit: 'усл', vat_rate: null });
    const d = await ok(
      await admin.post('/api/crm/deals', {
        title: 'Из каталога',
        products: [
          { productId: paper, quantity: 2 },
          // What the row names wins over the catalogue.
          { productId: design, quantity: 1, price: '12000', name: 'Логотип со скидкой' },
        ],
      }),
    );
    expect(d.products.map((r: any) => [r.productId, r.name, r.price, r.unit, r.taxPercent, r.taxIncluded, r.sum])).toEqual([
      [paper, 'Бумага A4', '450.00', 'упак', 20, false, '1080.00'],
      [design, 'Логотип со скидкой', '12000.00', 'усл', 0, true, '12000.00'],
    ]);
    expect(d.amount).toBe('13080.00');

    // The product leaves the catalogue: the deal's rows stay and the deal can still be edited.
    await scoped(data.ctx).deleteFrom('catalog_product').where('id', '=', paper).execute();
    const again = await ok(
      await admin.patch(`/api/crm/deals/${d.id}`, {
        version: d.version,
        products: d.products.map(({ productId, name, price, quantity, unit, taxPercent, taxIncluded }: any) => ({ productId, name, price, quantity, unit, taxPercent, taxIncluded })),
      }),
    );
    expect(again.products[0]).toMatchObject({ productId: paper, name: 'Бумага A4' });
    // A new row of a product gone is refused.
    const gone = await admin.post('/api/crm/deals', { title: 'Нет товара', products: [{ productId: paper, quantity: 1 }] });
    expect(gone.statusCode).toBe(400);
    expect(fieldsOf(gone)).toEqual(['products.0.productId']);
  });

  it('refuses an unknown product and another portal’s product with the field', async () => {
    const foreign = await product(otherData, { name: 'Чужой товар', price: 100 });
    for (const id of [999999, foreign]) {
      const res = await admin.post('/api/crm/deals', {
        title: 'X',
        products: [
          { name: 'Что-то', price: '1', quantity: 1 },
          { productId: id, quantity: 1 },
        ],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ field: 'products.1.productId', message: 'Товар не найден в каталоге' }]);
    }
    // The other portal's own deal takes it.
    const theirs = await ok(await otherPortalAdmin.post('/api/crm/deals', { title: 'Свой', products: [{ productId: foreign, quantity: 3 }] }));
    expect(theirs.amount).toBe('3.00');
  });
});

describe('product rows of leads', () => {
  it('keep rows and the amount follows them; a manual amount stays; conversion takes the rows to the deal', async () => {
    const tea = await product(data, { name: 'Чай', price: 20000, vat_rate: 10, vat_included: 1 });
    const lead = await ok(
      await admin.post('/api/crm/leads', {
        title: 'Заявка на чай',
        products: [
          { productId: tea, quantity: 5 },
          { name: 'Доставка', price: '300', quantity: 1 },
        ],
      }),
    );
    expect(lead).toMatchObject({ amount: '1300.00', amountManual: false, productTotals: { total: '1300.00', tax: '90.91' } });
    expect(lead.products.map((r: any) => r.name)).toEqual(['Чай', 'Доставка']);

    const manual = await ok(await admin.patch(`/api/crm/leads/${lead.id}`, { version: lead.version, amount: '1000', amountManual: true }));
    expect(manual).toMatchObject({ amount: '1000.00', amountManual: true });
    const rows = await ok(await admin.patch(`/api/crm/leads/${lead.id}`, { version: manual.version, products: [{ productId: tea, quantity: 10 }] }));
    expect(rows).toMatchObject({ amount: '1000.00', amountManual: true, productTotals: { total: '2000.00' } });
    const back = await ok(await admin.patch(`/api/crm/leads/${lead.id}`, { version: rows.version, amountManual: false }));
    expect(back).toMatchObject({ amount: '2000.00', amountManual: false });

    const bad = await admin.patch(`/api/crm/leads/${lead.id}`, { version: back.version, products: [{ productId: 999999, quantity: 1 }] });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['products.0.productId']);

    const converted = await ok(await admin.post(`/api/crm/leads/${lead.id}/convert`, { contact: false, company: false, deal: {} }));
    const deal = await ok(await admin.get(`/api/crm/deals/${converted.dealId}`));
    expect(deal).toMatchObject({ amount: '2000.00', amountManual: false });
    expect(deal.products.map((r: any) => [r.productId, r.name, r.quantity, r.sum])).toEqual([[tea, 'Чай', 10, '2000.00']]);
  });
});
