import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';

/** What other modules use of «Товары и склады». */
export { catalogRights, type CatalogRights } from './rights.js';

/** A catalogue product as a product row of a deal or lead takes it (price in kopecks; `vat_rate` null is «Без НДС»). */
export interface CatalogProductForRow {
  id: number;
  name: string;
  price: number;
  currency: string;
  unit: string;
  vat_rate: number | null;
  vat_included: number;
}

/** The portal's catalogue products of the given ids, by id (ids of no product are left out). */
export async function catalogProductsByIds(ctx: Ctx, ids: number[]): Promise<Map<number, CatalogProductForRow>> {
  if (!ids.length) return new Map();
  const rows = await scoped(ctx).selectFrom('catalog_product').select(['id', 'name', 'price', 'currency', 'unit', 'vat_rate', 'vat_included']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id), price: Number(r.price), vat_rate: r.vat_rate === null ? null : Number(r.vat_rate), vat_included: Number(r.vat_included) }]));
}
