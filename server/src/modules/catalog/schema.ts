import type { Generated } from 'kysely';
import type { ProductKind, StoreDocumentStatus, StoreDocumentType } from '@vavilon/contracts';

/** A section of the catalogue; sections make a tree (`parent_id` null at the top). */
export interface CatalogSectionTable {
  id: Generated<number>;
  portal_id: number;
  parent_id: number | null;
  name: string;
  sort: number;
  created_at: string;
}

/** A product or service. `price` in kopecks; `vat_rate` null is «Без НДС». */
export interface CatalogProductTable {
  id: Generated<number>;
  portal_id: number;
  section_id: number | null;
  kind: ProductKind;
  name: string;
  sku: string;
  description: string;
  unit: string;
  price: number;
  currency: string;
  vat_rate: number | null;
  vat_included: number;
  active: number;
  sort: number;
  version: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface CatalogProductPhotoTable {
  portal_id: number;
  product_id: number;
  file_id: number;
  sort: number;
}

/** One searchable word of a product: a stem of its name's words, or its SKU (lower case, ё → е). */
export interface CatalogProductWordTable {
  portal_id: number;
  word: string;
  product_id: number;
}

export interface StoreWarehouseTable {
  id: Generated<number>;
  portal_id: number;
  name: string;
  address: string;
  active: number;
  is_default: number;
  sort: number;
  created_at: string;
}

/** What a warehouse holds of a product, in thousandths of its unit. */
export interface StoreStockTable {
  portal_id: number;
  warehouse_id: number;
  product_id: number;
  quantity: number;
}

/**
 * «Приход» (receipt into `warehouse_id`), «Списание» (write-off from `warehouse_id`), «Перемещение»
 * (from `warehouse_id` to `to_warehouse_id`); numbered per type. `doc_date` is a calendar date.
 */
export interface StoreDocumentTable {
  id: Generated<number>;
  portal_id: number;
  number: number;
  type: StoreDocumentType;
  status: StoreDocumentStatus;
  warehouse_id: number | null;
  to_warehouse_id: number | null;
  doc_date: string;
  comment: string;
  responsible_id: number | null;
  created_by: number | null;
  posted_at: string | null;
  posted_by: number | null;
  cancelled_at: string | null;
  cancelled_by: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A row of a document: `quantity` in thousandths of the unit, `price` in kopecks. */
export interface StoreDocumentRowTable {
  id: Generated<number>;
  portal_id: number;
  document_id: number;
  product_id: number;
  quantity: number;
  price: number;
  sort: number;
}

/** One change of one product's stock in one warehouse by posting or cancelling a document; `balance` is the stock after it. */
export interface StoreMovementTable {
  id: Generated<number>;
  portal_id: number;
  product_id: number;
  warehouse_id: number;
  document_id: number;
  delta: number;
  balance: number;
  created_at: string;
}

export interface StoreSettingsTable {
  portal_id: number;
  allow_negative: number;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    catalog_section: CatalogSectionTable;
    catalog_product: CatalogProductTable;
    catalog_product_photo: CatalogProductPhotoTable;
    catalog_product_word: CatalogProductWordTable;
    store_warehouse: StoreWarehouseTable;
    store_stock: StoreStockTable;
    store_document: StoreDocumentTable;
    store_document_row: StoreDocumentRowTable;
    store_movement: StoreMovementTable;
    store_settings: StoreSettingsTable;
  }
}
