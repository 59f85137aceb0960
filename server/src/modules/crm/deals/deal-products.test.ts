import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp } from '../../../../test/harness.js';

let t: TestApp;
let admin: Agent;

beforeAll(async () => {
  t = await startTestApp();
  const p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
});
afterAll(() => t?.dispose());

type Row = { name: string; price: string; quantity: number; discountPercent?: number; taxPercent?: number; taxIncluded?: boolean };

async function deal(products: Row[]) {
  const res = await admin.post('/api/crm/deals', { title: 'Товары', products });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const rows = (d: any) => d.products.map((x: any) => [x.name, x.net, x.tax, x.sum]);

describe('deal products: net, VAT and total, as the server keeps them', () => {
  it('adds the tax on top when it is not included, takes it out of the price when it is', async () => {
    const d = await deal([
      { name: 'Добавлен', price: '1000.00', quantity: 2, taxPercent: 20, taxIncluded: false },
      { name: 'Включён', price: '1200.00', quantity: 1, taxPercent: 20, taxIncluded: true },
      { name: 'Без налога', price: '300.00', quantity: 1 },
    ]);
    expect(rows(d)).toEqual([
      ['Добавлен', '2000.00', '400.00', '2400.00'],
      ['Включён', '1000.00', '200.00', '1200.00'],
      ['Без налога', '300.00', '0.00', '300.00'],
    ]);
    expect(d.productTotals).toEqual({ discount: '0.00', net: '3300.00', tax: '600.00', total: '3900.00' });
    // The deal's amount is the total with the tax.
    expect(d.amount).toBe('3900.00');
    const reread = (await admin.get(`/api/crm/deals/${d.id}`)).json();
    expect(reread.productTotals).toEqual(d.productTotals);
    expect(reread.amount).toBe('3900.00');
  });

  it('takes the discount off before the tax', async () => {
    const d = await deal([
      { name: 'Скидка, налог сверху', price: '1000.00', quantity: 2, discountPercent: 10, taxPercent: 20, taxIncluded: false },
      { name: 'Скидка, налог внутри', price: '1000.00', quantity: 3, discountPercent: 50, taxPercent: 20, taxIncluded: true },
    ]);
    // 2000 − 10 % = 1800, + 20 % = 2160; 3000 − 50 % = 1500, of which 20/120 is tax: 250.
    expect(rows(d)).toEqual([
      ['Скидка, налог сверху', '1800.00', '360.00', '2160.00'],
      ['Скидка, налог внутри', '1250.00', '250.00', '1500.00'],
    ]);
    expect(d.productTotals).toEqual({ discount: '1700.00', net: '3050.00', tax: '610.00', total: '3660.00' });
    expect(d.amount).toBe('3660.00');
  });

  it('rounds each sum to the kopeck, halves up, so that net + tax = total on every row and in the totals', async () => {
    const d = await deal([
      // 33.33 with 20 % inside: tax 555.5 kopecks → 5.56, net 27.77.
      { name: 'Половина копейки', price: '33.33', quantity: 1, taxPercent: 20, taxIncluded: true },
      // 0.99 × 3 = 2.97, − 5 % (14.85 kopecks → 0.15) = 2.82, + 20 % (56.4 kopecks → 0.56) = 3.38.
      { name: 'Скидка в копейках', price: '0.99', quantity: 3, discountPercent: 5, taxPercent: 20, taxIncluded: false },
      // 0.15 × 0.3 = 4.5 kopecks → 0.05 (not 0.04 from the float 4.4999…).
      { name: 'Дробное количество', price: '0.15', quantity: 0.3 },
      // 10 % VAT added to 0.05: 0.5 kopecks → 0.01.
      { name: 'НДС 10 %', price: '0.05', quantity: 1, taxPercent: 10, taxIncluded: false },
    ]);
    expect(rows(d)).toEqual([
      ['Половина копейки', '27.77', '5.56', '33.33'],
      ['Скидка в копейках', '2.82', '0.56', '3.38'],
      ['Дробное количество', '0.05', '0.00', '0.05'],
      ['НДС 10 %', '0.05', '0.01', '0.06'],
    ]);
    expect(d.productTotals).toEqual({ discount: '0.15', net: '30.69', tax: '6.13', total: '36.82' });
    expect(d.amount).toBe('36.82');
  });

  it('shows zero totals for a deal without products, its amount as typed', async () => {
    const res = await admin.post('/api/crm/deals', { title: 'Без товаров', amount: '500.00' });
    expect(res.json()).toMatchObject({ amount: '500.00', products: [], productTotals: { discount: '0.00', net: '0.00', tax: '0.00', total: '0.00' } });
  });
});
