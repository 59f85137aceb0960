import { z } from 'zod';
import { Id } from '../common.js';

/** Units of measure as the catalogue offers them (a product may also carry its own). */
export const PRODUCT_UNITS = ['шт', 'кг', 'г', 'л', 'м', 'м²', 'м³', 'ч', 'усл', 'упак', 'компл'] as const;
/** «Без НДС» (null), 0 %, 10 %, 20 %. */
export const VatRate = z.union([z.literal(0), z.literal(10), z.literal(20)]).nullable();
export type VatRate = z.infer<typeof VatRate>;
export const ProductKind = z.enum(['product', 'service']);
export type ProductKind = z.infer<typeof ProductKind>;

/** A product or service as pickers and product rows see it (prices as decimal strings). */
export const ProductBrief = z.object({
  id: Id,
  kind: ProductKind,
  name: z.string(),
  sku: z.string(),
  unit: z.string(),
  price: z.string(),
  currency: z.string(),
  vatRate: VatRate,
  vatIncluded: z.boolean(),
  active: z.boolean(),
  sectionId: z.number().nullable(),
  photoUrl: z.string().nullable(),
});
export type ProductBrief = z.infer<typeof ProductBrief>;
