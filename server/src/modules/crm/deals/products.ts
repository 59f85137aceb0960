import type { z } from 'zod';
import { productLineSums, productTotals, type DealProductInput, type ProductLine, type ProductSums } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { FieldError } from '../../../platform/errors.js';
import type { Change } from '../../../platform/events/outbox.js';
import type { CrmProductRowTable } from '../schema.js';
import { fromMinor, toMinor } from '../values.js';

/**
 * Product rows of deals and leads: checking the rows a write brings (a product picked from the
 * catalogue lends the row what it leaves out), their sums, and the amount they make up unless
 * the user set it by hand.
 */

/** The largest amount a deal may carry: 10 trillion roubles in kopecks, well inside exact integers. */
export const MAX_AMOUNT_MINOR = 1e15;

/** Whose rows: a deal's or a lead's (the row's owner column). */
export type RowOwner = 'deal' | 'lead';
const OWNER_COLUMN = { deal: 'deal_id', lead: 'lead_id' } as const;

type StoredRow = Selectable<CrmProductRowTable>;
export type ProductRow = Omit<StoredRow, 'id' | 'portal_id' | 'deal_id' | 'lead_id'>;
type RowIn = z.infer<typeof DealProductInput>;

type SumColumns = Pick<ProductRow, 'price' | 'quantity' | 'discount_type' | 'discount_percent' | 'discount_sum' | 'tax_percent' | 'tax_included'>;

function lineOf(r: SumColumns): ProductLine {
  return {
    priceMinor: Number(r.price),
    quantity: Number(r.quantity),
    discountType: r.discount_type === 'sum' ? 'sum' : 'percent',
    discountPercent: Number(r.discount_percent),
    discountSumMinor: Number(r.discount_sum),
    taxPercent: Number(r.tax_percent),
    taxIncluded: !!Number(r.tax_included),
  };
}

/** One row's «Итого» in kopecks: price × quantity less the discount, with the tax (inside the price or added to it). */
export function rowSum(r: SumColumns): number {
  return productLineSums(lineOf(r)).total;
}

const major = (s: ProductSums) => ({ discount: fromMinor(s.discount)!, net: fromMinor(s.net)!, tax: fromMinor(s.tax)!, total: fromMinor(s.total)! });

/** «Сумма без налога», «Скидка», «Налог (НДС)» and «Итого» of the stored rows, in major units. */
export function dealProductTotals(rows: SumColumns[]) {
  return major(productTotals(rows.map(lineOf)));
}

/**
 * Checks rows whose name and price are known (a free row, or one filled from the catalogue);
 * returns them as table rows and the amount they make up, in kopecks.
 */
export function productRows(input: RowIn[], errors: FieldError[]): { rows: ProductRow[]; total: number } {
  let total = 0;
  const rows = input.map((p, i) => {
    const price = toMinor(p.price ?? '0');
    if (price < 0) errors.push({ field: `products.${i}.price`, message: 'crm.deal.amount_negative' });
    const sumType = p.discountType === 'sum';
    const discountSum = sumType ? toMinor(p.discountSum ?? '0') : 0;
    if (discountSum < 0) errors.push({ field: `products.${i}.discountSum`, message: 'crm.deal.amount_negative' });
    else if (discountSum > price && price >= 0) errors.push({ field: `products.${i}.discountSum`, message: 'crm.deal.discount_over_price' });
    const row: ProductRow = {
      product_id: p.productId ?? null,
      name: p.name ?? '',
      price,
      quantity: p.quantity,
      unit: p.unit?.trim() || 'шт',
      discount_type: sumType ? 'sum' : 'percent',
      discount_percent: sumType ? 0 : (p.discountPercent ?? 0),
      discount_sum: discountSum,
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

/**
 * The rows of a write, checked: a product of the catalogue must exist (and the actor may read the
 * catalogue), and gives the row its name, price, unit and VAT where the row leaves them out; a
 * product the item's rows already name is kept as it is even once it is gone from the catalogue.
 * A free row needs a name and a price.
 */
export async function checkProductRows(ctx: Ctx, owner: RowOwner, ownerId: number | null, input: RowIn[], errors: FieldError[]): Promise<{ rows: ProductRow[]; total: number }> {
  const wanted = [...new Set(input.flatMap((p) => (p.productId ? [p.productId] : [])))];
  const kept = new Set<number>();
  if (wanted.length && ownerId !== null) {
    const had = await scoped(ctx).selectFrom('crm_product_row').select('product_id').where(OWNER_COLUMN[owner], '=', ownerId).where('product_id', 'in', wanted).execute();
    for (const r of had) if (r.product_id !== null) kept.add(Number(r.product_id));
  }
  const fresh = wanted.filter((id) => !kept.has(id));
  // Loaded when used: the catalogue's rights come from the CRM's roles, so a static import would close a loop of modules.
  const { catalogProductsByIds, catalogRights } = await import('../../catalog/api.js');
  const mayRead = fresh.length ? (await catalogRights(ctx)).catalog !== 'none' : true;
  const found = await catalogProductsByIds(ctx, mayRead ? wanted : [...kept]);
  const filled = input.map((p, i): RowIn => {
    if (p.productId) {
      const c = found.get(p.productId);
      if (!c && !kept.has(p.productId)) {
        errors.push({ field: `products.${i}.productId`, message: 'crm.deal.product_not_found' });
        return p;
      }
      if (c) {
        return {
          ...p,
          name: p.name ?? c.name,
          price: p.price ?? fromMinor(c.price)!,
          unit: p.unit ?? c.unit,
          taxPercent: p.taxPercent ?? c.vat_rate ?? 0,
          taxIncluded: p.taxIncluded ?? !!c.vat_included,
        };
      }
    }
    if (!p.name) errors.push({ field: `products.${i}.name`, message: 'crm.field_required' });
    if (p.price === undefined) errors.push({ field: `products.${i}.price`, message: 'crm.field_required' });
    return p;
  });
  return productRows(filled, errors);
}

/** The stored rows of an item, in their order. */
export async function storedRows(ctx: Ctx, owner: RowOwner, ownerId: number): Promise<StoredRow[]> {
  return scoped(ctx).selectFrom('crm_product_row').selectAll().where(OWNER_COLUMN[owner], '=', ownerId).orderBy('sort').orderBy('id').execute();
}

/** Replaces an item's rows; returns the history line of the change (none when the rows read the same). */
export async function replaceRows(ctx: Ctx, owner: RowOwner, ownerId: number, rows: ProductRow[]): Promise<Change[]> {
  const before = await storedRows(ctx, owner, ownerId);
  await scoped(ctx).deleteFrom('crm_product_row').where(OWNER_COLUMN[owner], '=', ownerId).execute();
  for (let i = 0; i < rows.length; i += 200) {
    await scoped(ctx)
      .insertInto(
        'crm_product_row',
        rows.slice(i, i + 200).map((r) => ({ ...r, deal_id: owner === 'deal' ? ownerId : null, lead_id: owner === 'lead' ? ownerId : null })),
      )
      .execute();
  }
  const show = (r: { name: string; quantity: number; price: number }) => `${r.name} × ${Number(r.quantity)} × ${fromMinor(Number(r.price))}`;
  const [a, b] = [before.map(show), rows.map(show)];
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ field: 'products', old: a, new: b }];
}

/** What a write leaves of the amount: the columns to set and the checked rows to store (when the input brings rows). */
export interface AmountWrite {
  rows?: ProductRow[];
  amount?: number;
  amountManual?: 0 | 1;
}

/**
 * The amount follows the rows unless the user set it by hand (as Bitrix24's «IS_MANUAL_OPPORTUNITY»):
 * while the item has rows, a typed amount is kept only with `amountManual: true` (then or from
 * before); `amountManual: false` («Пересчитать по товарам») makes it the rows' total again.
 * Without rows the amount is free and not manual.
 */
export async function amountOfWrite(
  ctx: Ctx,
  owner: RowOwner,
  input: { products?: RowIn[]; amount?: string; amountManual?: boolean },
  before: { id: number; amount: number; amount_manual: number } | null,
  errors: FieldError[],
): Promise<AmountWrite> {
  const out: AmountWrite = {};
  if (input.products === undefined && input.amount === undefined && input.amountManual === undefined) return before ? out : { amount: 0 };
  let total: number | undefined;
  if (input.products !== undefined) {
    const checked = await checkProductRows(ctx, owner, before?.id ?? null, input.products, errors);
    out.rows = checked.rows;
    total = checked.total;
  }
  let typed: number | undefined;
  if (input.amount !== undefined) {
    typed = toMinor(input.amount);
    if (typed < 0) errors.push({ field: 'amount', message: 'crm.deal.amount_negative' });
    else if (typed > MAX_AMOUNT_MINOR) errors.push({ field: 'amount', message: 'crm.deal.amount_too_large' });
  }
  if (total === undefined && before && (typed !== undefined || input.amountManual !== undefined)) {
    const rows = await storedRows(ctx, owner, before.id);
    if (rows.length) total = productTotals(rows.map(lineOf)).total;
  }
  const hasRows = out.rows ? out.rows.length > 0 : total !== undefined;
  const wasManual = !!Number(before?.amount_manual ?? 0);
  if (!hasRows) {
    if (typed !== undefined) out.amount = typed;
    else if (!before) out.amount = 0;
    if (wasManual) out.amountManual = 0;
    return out;
  }
  if (total === undefined) return out;
  const manual = input.amountManual ?? wasManual;
  out.amount = manual ? (typed ?? (before ? Number(before.amount) : total)) : total;
  if (manual !== wasManual || !before) out.amountManual = manual ? 1 : 0;
  return out;
}

/** A stored row as the API answers it, with its sums. */
export function toDealProduct(r: StoredRow) {
  const s = major(productLineSums(lineOf(r)));
  return { id: r.id, ...rowInput(r), discount: s.discount, sum: s.total, net: s.net, tax: s.tax };
}

/** The rows of an item and their totals, as its card shows them. */
export async function productsOf(ctx: Ctx, owner: RowOwner, ownerId: number) {
  const rows = await storedRows(ctx, owner, ownerId);
  return { products: rows.map(toDealProduct), productTotals: dealProductTotals(rows) };
}

/** A stored row as the input that makes it again (a copy, a conversion). */
export function rowInput(r: StoredRow) {
  return {
    productId: r.product_id,
    name: r.name,
    price: fromMinor(Number(r.price))!,
    quantity: Number(r.quantity),
    unit: r.unit,
    discountType: r.discount_type === 'sum' ? ('sum' as const) : ('percent' as const),
    discountPercent: Number(r.discount_percent),
    discountSum: fromMinor(Number(r.discount_sum))!,
    taxPercent: Number(r.tax_percent),
    taxIncluded: !!Number(r.tax_included),
  };
}

/** Stored rows as rows of another item (a lead's rows become its deal's). */
export function copyOfRows(rows: StoredRow[]): ProductRow[] {
  return rows.map(({ id: _id, portal_id: _p, deal_id: _d, lead_id: _l, ...r }) => r);
}
