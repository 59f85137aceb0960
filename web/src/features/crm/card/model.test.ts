import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../i18n', () => ({ default: { language: 'ru' }, currentLocale: () => 'ru-RU' }));

const { bodyFrom, draftFrom, newProductDraft, productSums, productsSums, productsTotal } = await import('./model');

const row = (price: string, quantity: string, discountPercent = '0', taxPercent = '0', taxIncluded = false) => ({
  price,
  quantity,
  discountPercent,
  taxPercent,
  taxIncluded,
  unit: 'шт',
  discountType: 'percent' as const,
  discountSum: '',
});

describe('product rows of a deal card', () => {
  it('takes the discount off and adds the tax on top when it is not included', () => {
    // 2 × 1 000 ₽ = 2 000, −10 % = 1 800, +20 % НДС = 360 → 2 160 ₽
    expect(productSums(row('1 000', '2', '10', '20'))).toEqual({ discount: 20000, net: 180000, tax: 36000, total: 216000 });
  });

  it('takes the tax out of the price when it is included', () => {
    // 1 200 ₽ with 20 % inside: 200 ₽ of it is tax
    expect(productSums(row('1200', '1', '0', '20', true))).toEqual({ discount: 0, net: 100000, tax: 20000, total: 120000 });
  });

  it('counts what does not parse as nothing and sums the rows', () => {
    expect(productSums(row('abc', '2')).total).toBe(0);
    expect(productSums(row('100', 'много')).total).toBe(0);
    expect(productsSums([row('100', '1'), row('50,5', '2')])).toEqual({ discount: 0, net: 20100, tax: 0, total: 20100 });
    expect(productsTotal([{ ...row('100', '1'), key: 'a', name: 'A' }])).toBe('100.00');
  });

  it('takes a sum off each unit when the discount is a sum, never more than the row', () => {
    // (1 000 − 100) × 3 = 2 700, +20 % = 540 → 3 240 ₽
    expect(productSums({ ...row('1000', '3', '', '20'), discountType: 'sum', discountSum: '100' })).toEqual({ discount: 30000, net: 270000, tax: 54000, total: 324000 });
    expect(productSums({ ...row('10', '1'), discountType: 'sum', discountSum: '50' }).total).toBe(0);
  });
});

const messages = { money: 'money', required: 'required', number: 'number' };
const brief = {
  id: 7,
  kind: 'product' as const,
  name: 'Бумага A4',
  sku: 'P-1',
  unit: 'упак',
  price: '450.00',
  currency: 'RUB',
  vatRate: 20 as const,
  vatIncluded: false,
  active: true,
  sectionId: null,
  photoUrl: null,
};

describe('the body of a card with product rows', () => {
  it('sends a picked catalogue product with its values, and no amount while it follows the rows', () => {
    const draft = { ...draftFrom('deal', null), title: 'Сделка', products: [{ ...newProductDraft(brief), quantity: '2' }] };
    const { body, errors } = bodyFrom('deal', draft, null, messages);
    expect(errors).toEqual({});
    expect(body.products).toEqual([{ productId: 7, name: 'Бумага A4', price: '450', quantity: 2, unit: 'упак', discountType: 'percent', discountPercent: 0, taxPercent: 20, taxIncluded: false }]);
    expect(body.amount).toBeUndefined();
    expect(body.amountManual).toBeUndefined();
  });

  it('sends the amount set by hand with the flag, and the flag alone for «Пересчитать по товарам»', () => {
    const base = { ...draftFrom('lead', null), title: 'Лид', products: [newProductDraft(brief)], amount: { value: '450', currency: 'RUB' } };
    const manual = bodyFrom('lead', { ...base, amountManual: true, amount: { value: '400', currency: 'RUB' } }, base, messages).body;
    expect(manual).toEqual({ amountManual: true, amount: '400' });
    const back = bodyFrom('lead', base, { ...base, amountManual: true, amount: { value: '400', currency: 'RUB' } }, messages).body;
    expect(back).toEqual({ amountManual: false });
  });
});
