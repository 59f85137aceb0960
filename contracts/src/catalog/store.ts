import { z } from 'zod';
import { Id, IdValue } from '../common.js';
import { defineEvent, NoPayload } from '../events.js';

/** Warehouse documents: «Приход», «Списание», «Перемещение». */
export const StoreDocumentType = z.enum(['receipt', 'writeoff', 'move']);
export type StoreDocumentType = z.infer<typeof StoreDocumentType>;
/** «Черновик» → «Проведён» → «Отменён». */
export const StoreDocumentStatus = z.enum(['draft', 'posted', 'cancelled']);
export type StoreDocumentStatus = z.infer<typeof StoreDocumentStatus>;

/** The largest quantity a row takes: a billion units (stored in thousandths, it still fits a bigint and a JS number). */
export const MAX_QUANTITY = 1_000_000_000;

/** A quantity on the wire: a decimal number with at most three decimals (1.5 kg), more than zero. */
export const StoreQuantity = z
  .number()
  .positive()
  .max(MAX_QUANTITY)
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, { error: 'store.quantity_precision' });

/** A unit price, a decimal string in roubles with at most two decimals, not negative. */
export const StorePrice = z
  .string()
  .trim()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, { error: 'store.price_invalid' });

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'store.date_invalid' });
const Text = (max: number) => z.string().trim().max(max);

// ---------------------------------------------------------------- warehouses

export const Warehouse = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  active: z.boolean(),
  isDefault: z.boolean(),
  sort: z.number().int(),
});
export type Warehouse = z.infer<typeof Warehouse>;

export const WarehouseInput = z.object({
  name: Text(200).min(1),
  address: Text(500).optional(),
  active: z.boolean().optional(),
  isDefault: z.boolean().optional(),
  sort: z.number().int().min(0).max(1_000_000).optional(),
});
export type WarehouseInput = z.infer<typeof WarehouseInput>;
export const WarehousePatch = WarehouseInput.partial();
export type WarehousePatch = z.infer<typeof WarehousePatch>;

/** The warehouses, the portal's settings and what the reader may do there. */
export const WarehouseList = z.object({
  items: z.array(Warehouse),
  settings: z.object({ allowNegative: z.boolean() }),
  can: z.object({ post: z.boolean(), settings: z.boolean() }),
});
export type WarehouseList = z.infer<typeof WarehouseList>;

/** «Разрешить отрицательные остатки». */
export const StoreSettings = z.object({ allowNegative: z.boolean() });
export type StoreSettings = z.infer<typeof StoreSettings>;

// ---------------------------------------------------------------- stock

export const StockQuery = z.object({
  productId: IdValue.optional(),
  warehouseId: IdValue.optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type StockQuery = z.infer<typeof StockQuery>;

/** One product's stock: the total and each warehouse's part (warehouses without a row hold nothing). */
export const StockRow = z.object({
  product: z.object({ id: Id, name: z.string(), sku: z.string(), unit: z.string() }),
  total: z.number(),
  byWarehouse: z.record(z.string(), z.number()),
});
export type StockRow = z.infer<typeof StockRow>;

export const StockList = z.object({
  items: z.array(StockRow),
  /** Counted when narrowed by product or text; over every product, `hasMore` says whether a next page follows. */
  total: z.number().int().nullable(),
  hasMore: z.boolean(),
  page: z.number().int(),
  pageSize: z.number().int(),
  warehouses: z.array(Warehouse),
});
export type StockList = z.infer<typeof StockList>;

export const MovementQuery = z.object({
  warehouseId: IdValue.optional(),
  /** The id of the last movement seen: the page continues with older ones. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MovementQuery = z.infer<typeof MovementQuery>;

/** One change of the product's stock in one warehouse; `balance` is what was left after it. */
export const Movement = z.object({
  id: z.number().int(),
  at: z.string(),
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  documentId: z.number().int(),
  documentType: StoreDocumentType,
  documentNumber: z.number().int(),
  /** A cancelled document's reversal. */
  reversal: z.boolean(),
  delta: z.number(),
  balance: z.number(),
});
export type Movement = z.infer<typeof Movement>;

export const MovementList = z.object({
  product: z.object({ id: Id, name: z.string(), sku: z.string(), unit: z.string() }),
  stock: z.record(z.string(), z.number()),
  items: z.array(Movement),
  next: z.number().int().nullable(),
});
export type MovementList = z.infer<typeof MovementList>;

// ---------------------------------------------------------------- documents

export const StoreDocumentRowInput = z.object({
  productId: Id,
  quantity: StoreQuantity,
  price: StorePrice.optional(),
});
export type StoreDocumentRowInput = z.infer<typeof StoreDocumentRowInput>;

const documentFields = {
  warehouseId: Id,
  toWarehouseId: Id.nullable().optional(),
  docDate: IsoDay.optional(),
  comment: Text(2000).optional(),
  responsibleId: Id.nullable().optional(),
  rows: z.array(StoreDocumentRowInput).max(1000).optional(),
};

export const StoreDocumentInput = z.object({ type: StoreDocumentType, ...documentFields });
export type StoreDocumentInput = z.infer<typeof StoreDocumentInput>;

/** A draft's change; `rows`, when given, replace all of its rows. */
export const StoreDocumentPatch = z.object({ version: z.number().int().min(1), ...documentFields, warehouseId: Id.optional() });
export type StoreDocumentPatch = z.infer<typeof StoreDocumentPatch>;

/** Posting or cancelling names the version the user saw. */
export const StoreDocumentAction = z.object({ version: z.number().int().min(1) });

export const StoreDocumentRow = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  sku: z.string(),
  unit: z.string(),
  quantity: z.number(),
  price: z.string(),
  sum: z.string(),
});
export type StoreDocumentRow = z.infer<typeof StoreDocumentRow>;

const documentHead = {
  id: Id,
  number: z.number().int(),
  type: StoreDocumentType,
  status: StoreDocumentStatus,
  warehouseId: z.number().int().nullable(),
  warehouseName: z.string().nullable(),
  toWarehouseId: z.number().int().nullable(),
  toWarehouseName: z.string().nullable(),
  docDate: z.string(),
  comment: z.string(),
  rowsCount: z.number().int(),
  total: z.string(),
  postedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
};

export const StoreDocumentBrief = z.object(documentHead);
export type StoreDocumentBrief = z.infer<typeof StoreDocumentBrief>;

export const StoreDocument = z.object({
  ...documentHead,
  responsibleId: z.number().int().nullable(),
  responsibleName: z.string().nullable(),
  version: z.number().int(),
  rows: z.array(StoreDocumentRow),
  can: z.object({ edit: z.boolean(), post: z.boolean(), cancel: z.boolean(), delete: z.boolean() }),
});
export type StoreDocument = z.infer<typeof StoreDocument>;

export const StoreDocumentQuery = z.object({
  type: StoreDocumentType.optional(),
  status: StoreDocumentStatus.optional(),
  warehouseId: IdValue.optional(),
  from: IsoDay.optional(),
  to: IsoDay.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type StoreDocumentQuery = z.infer<typeof StoreDocumentQuery>;

export const StoreDocumentList = z.object({
  items: z.array(StoreDocumentBrief),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  can: z.object({ post: z.boolean() }),
});
export type StoreDocumentList = z.infer<typeof StoreDocumentList>;

// ---------------------------------------------------------------- events

const docPayload = z.object({ type: StoreDocumentType, number: z.number().int() });

/** The warehouses' events: history, realtime. */
export const storeEvents = {
  warehouseCreated: defineEvent('store.warehouse.created', z.object({ name: z.string() })),
  warehouseUpdated: defineEvent('store.warehouse.updated', NoPayload),
  warehouseDeleted: defineEvent('store.warehouse.deleted', z.object({ name: z.string() })),
  settingsUpdated: defineEvent('store.settings.updated', z.object({ allowNegative: z.boolean() })),
  documentCreated: defineEvent('store.document.created', docPayload),
  documentUpdated: defineEvent('store.document.updated', docPayload),
  documentDeleted: defineEvent('store.document.deleted', docPayload),
  /** Posted: the stock changed by `rows` movements. */
  documentPosted: defineEvent('store.document.posted', docPayload.extend({ movements: z.number().int() })),
  documentCancelled: defineEvent('store.document.cancelled', docPayload.extend({ movements: z.number().int() })),
};
