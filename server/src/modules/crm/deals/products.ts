import type { z } from 'zod';
import { productLineSums, productTotals, type DealProductInput, type ProductLine, type ProductSums } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import type { FieldError } from '../../../platform/errors.js';
import type { CrmDealProductTable } from '../schema.js';
import { fromMinor, toMinor } from '../values.js';

/** The largest amount a deal may carry: 10 trillion roubles in kopecks, well inside exact integers. */
export const MAX_AMOUNT_MINOR = 1e15;

export interface ProductRow {
  product_id: number | null;
  name: string;
  price: number;
  quantity: number;
  unit: string;
  discount_percent: number;
  tax_percent: number;
  tax_included: number;
  sort: number;
}

type SumColumns = Pick<ProductRow, 'price' | 'quantity' | 'discount_percent' | 'tax_percent' | 'tax_included'>;

function lineOf(r: SumColumns): ProductLine {
  return { priceMinor: Number(r.price), quantity: Number(r.quantity), discountPercent: Number(r.discount_percent), taxPercent: Number(r.tax_percent), taxIncluded: !!Number(r.tax_included) };
}

/** One row's «Итого» in kopecks: price × quantity less the discount, with the tax (inside the price or added to it). */
export function rowSum(r: SumColumns): number {
  return productLineSums(lineOf(r)).total;
}

const major = (s: ProductSums) => ({ discount: fromMinor(s.discount)!, net: fromMinor(s.net)!, tax: fromMinor(s.tax)!, total: fromMinor(s.total)! });

/** «Сумма без налога», «Налог (НДС)» and «Итого» of the stored rows, in major units. */
export function dealProductTotals(rows: SumColumns[]) {
  return major(productTotals(rows.map(lineOf)));
}

/** Checks the incoming rows; returns them as table rows and the deal amount they make up. */
export function productRows(input: z.infer<typeof DealProductInput>[], errors: FieldError[]): { rows: ProductRow[]; total: number } {
  let total = 0;
  const rows = input.map((p, i) => {
    const price = toMinor(p.price);
    if (price < 0) errors.push({ field: `products.${i}.price`, message: 'crm.deal.amount_negative' });
    const row: ProductRow = {
      product_id: p.productId ?? null,
      name: p.name,
      price,
      quantity: p.quantity,
      unit: p.unit?.trim() || 'шт',
      discount_percent: p.discountPercent ?? 0,
      tax_percent: p.taxPercent ?? 0,
      tax_included: p.taxIncluded === false ? 0 : 1,
      sort: (i + 1) * 10,
    };
    const sum = rowSum(row);
    if (!Number.isSafeInteger(sum) || sum > MAX_AMOUNT_MINOR) errors.push({ field: `products.${i}.price`, message: 'crm.deal.amount_too_large' });
    total += sum;
    return row;
  });
  if (total > MAX_AMOUNT_MINOR && !errors.some((e) => e.field.startsWith('products.'))) {
    errors.push({ field: 'products', message: 'crm.deal.amount_too_large' });
  }
  return { rows, total };
}

export function toDealProduct(r: Selectable<CrmDealProductTable>) {
  return {
    id: r.id,
    productId: r.product_id,
    name: r.name,
    price: fromMinor(r.price)!,
    quantity: Number(r.quantity),
    unit: r.unit,
    discountPercent: Number(r.discount_percent),
    taxPercent: Number(r.tax_percent),
    taxIncluded: !!r.tax_included,
    ...rowSums(r),
  };
}

function rowSums(r: SumColumns) {
  const s = major(productLineSums(lineOf(r)));
  return { sum: s.total, net: s.net, tax: s.tax };
}
