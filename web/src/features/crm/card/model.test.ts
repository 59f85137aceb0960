import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../i18n', () => ({ default: { language: 'ru' }, currentLocale: () => 'ru-RU' }));

const { productSums, productsSums, productsTotal } = await import('./model');

const row = (price: string, quantity: string, discountPercent = '0', taxPercent = '0', taxIncluded = false) => ({ price, quantity, discountPercent, taxPercent, taxIncluded });

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
});
