import { z } from 'zod';
import { Id, SortValue } from '../common.js';
import { CURRENCIES } from '../money.js';
import { defineEvent } from '../events.js';

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

/** Who may do what in «Товары и склады», per CRM role: «Товарный каталог» and «Складской учёт». */
export const CatalogAccess = z.enum(['none', 'read', 'edit']);
export type CatalogAccess = z.infer<typeof CatalogAccess>;
export const StoreAccess = z.enum(['none', 'read', 'post']);
export type StoreAccess = z.infer<typeof StoreAccess>;
export const CatalogRightsView = z.object({ catalog: CatalogAccess, store: StoreAccess });
export type CatalogRightsView = z.infer<typeof CatalogRightsView>;

/** A price: a decimal string of major units, not negative («1250.50»). */
export const Price = z
  .string()
  .trim()
  .regex(/^\d{1,13}([.,]\d{1,2})?$/, { error: 'catalog.price_invalid' });

export const CatalogSection = z.object({
  id: Id,
  parentId: z.number().int().nullable(),
  name: z.string(),
  sort: z.number().int(),
  /** Products directly in the section. */
  productCount: z.number().int(),
});
export type CatalogSection = z.infer<typeof CatalogSection>;
export const CatalogSectionList = z.object({ items: z.array(CatalogSection) });
export const CatalogSectionInput = z.object({
  name: z.string().trim().min(1, { error: 'catalog.name_required' }).max(255),
  parentId: Id.nullable().optional(),
  sort: SortValue.optional(),
});
export const CatalogSectionPatch = CatalogSectionInput.partial();

const ProductUnit = z.string().trim().min(1, { error: 'catalog.unit_required' }).max(20);

export const ProductInput = z.object({
  kind: ProductKind.default('product'),
  name: z.string().trim().min(1, { error: 'catalog.name_required' }).max(500),
  sku: z.string().trim().max(100).default(''),
  description: z.string().max(20000).default(''),
  sectionId: Id.nullable().default(null),
  unit: ProductUnit.default('шт'),
  price: Price.default('0'),
  currency: z.enum(CURRENCIES).default('RUB'),
  vatRate: VatRate.default(null),
  vatIncluded: z.boolean().default(true),
  active: z.boolean().default(true),
  sort: SortValue.optional(),
  photoFileIds: z.array(Id).max(20).optional(),
});
export type ProductInput = z.infer<typeof ProductInput>;
export const ProductPatch = z.object({
  version: z.number().int(),
  kind: ProductKind.optional(),
  name: z.string().trim().min(1, { error: 'catalog.name_required' }).max(500).optional(),
  sku: z.string().trim().max(100).optional(),
  description: z.string().max(20000).optional(),
  sectionId: Id.nullable().optional(),
  unit: ProductUnit.optional(),
  price: Price.optional(),
  currency: z.enum(CURRENCIES).optional(),
  vatRate: VatRate.optional(),
  vatIncluded: z.boolean().optional(),
  active: z.boolean().optional(),
  sort: SortValue.optional(),
  photoFileIds: z.array(Id).max(20).optional(),
});
export type ProductPatch = z.infer<typeof ProductPatch>;

export const ProductPhoto = z.object({ fileId: Id, name: z.string(), url: z.string() });
export const Product = ProductBrief.extend({
  description: z.string(),
  sort: z.number().int(),
  version: z.number().int(),
  photos: z.array(ProductPhoto),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof Product>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
export const ProductSort = z.enum(['name', 'sku', 'price', 'updatedAt', 'sort']);
export const ProductListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  /** A section with its subsections; `0` — products outside any section. */
  sectionId: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  kind: ProductKind.optional(),
  active: flag.optional(),
  priceFrom: Price.optional(),
  priceTo: Price.optional(),
  sort: ProductSort.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ProductListQuery = z.infer<typeof ProductListQuery>;
export const ProductList = z.object({
  items: z.array(ProductBrief),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  rights: CatalogRightsView,
});
export type ProductList = z.infer<typeof ProductList>;

export const ProductBulk = z.discriminatedUnion('action', [
  z.object({ action: z.literal('activate'), ids: z.array(Id).min(1).max(1000) }),
  z.object({ action: z.literal('deactivate'), ids: z.array(Id).min(1).max(1000) }),
  z.object({ action: z.literal('delete'), ids: z.array(Id).min(1).max(1000) }),
  z.object({ action: z.literal('move'), ids: z.array(Id).min(1).max(1000), sectionId: Id.nullable() }),
]);
export type ProductBulk = z.infer<typeof ProductBulk>;
export const ProductBulkResult = z.object({ count: z.number().int() });

export const ProductSearchQuery = z.object({
  q: z.string().trim().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Inactive products too (a catalogue editor looking for one to switch back on). */
  all: flag.optional(),
});
export const ProductSearchResult = z.array(ProductBrief);

const ref = z.number().int();
/** The catalogue's events (entities `catalog.product`, `catalog.section`). */
export const catalogProductEvents = {
  productCreated: defineEvent('catalog.product.created', z.object({ name: z.string() })),
  productUpdated: defineEvent('catalog.product.updated', z.object({ name: z.string() })),
  productDeleted: defineEvent('catalog.product.deleted', z.object({ name: z.string() })),
  productsChanged: defineEvent('catalog.products.bulk', z.object({ action: z.string(), ids: z.array(ref) })),
  productsImported: defineEvent('catalog.products.imported', z.object({ created: ref, updated: ref })),
  sectionCreated: defineEvent('catalog.section.created', z.object({ name: z.string(), parentId: ref.nullable() })),
  sectionUpdated: defineEvent('catalog.section.updated', z.object({ name: z.string(), parentId: ref.nullable() })),
  sectionDeleted: defineEvent('catalog.section.deleted', z.object({ name: z.string(), parentId: ref.nullable() })),
};
