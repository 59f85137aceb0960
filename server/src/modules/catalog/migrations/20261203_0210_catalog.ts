import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * «Товары и склады»: the product catalogue (sections, products and services, photos) and the
 * warehouses (stock per product, documents «Приход», «Списание», «Перемещение» and the stock
 * movements their posting made). Quantities in the warehouse tables are integers in thousandths
 * of the unit (1.5 kg is 1500), so stock adds up exactly; prices are kopecks.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const id = (b: any) => b.addColumn('id', t.id, key);
  const bigId = (b: any) => b.addColumn('id', t.bigId, key);
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  const notNull = (c: any) => c.notNull();

  await id(db.schema.createTable('catalog_section'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('parent_id', 'integer')
    .addColumn('name', 'text', notNull)
    .addColumn('sort', 'integer', (c: any) => c.notNull().defaultTo(500))
    .addColumn('created_at', t.timestamp, notNull)
    .execute();
  await db.schema.createIndex('catalog_section_parent').on('catalog_section').columns(['portal_id', 'parent_id', 'sort']).execute();

  await id(db.schema.createTable('catalog_product'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('section_id', 'integer')
    .addColumn('kind', 'text', (c: any) => c.notNull().defaultTo('product'))
    .addColumn('name', 'text', notNull)
    .addColumn('sku', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('unit', 'text', (c: any) => c.notNull().defaultTo('шт'))
    .addColumn('price', 'bigint', (c: any) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c: any) => c.notNull().defaultTo('RUB'))
    .addColumn('vat_rate', 'integer')
    .addColumn('vat_included', t.flag, (c: any) => c.notNull().defaultTo(1))
    .addColumn('active', t.flag, (c: any) => c.notNull().defaultTo(1))
    .addColumn('sort', 'integer', (c: any) => c.notNull().defaultTo(500))
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.timestamp, notNull)
    .addColumn('updated_at', t.timestamp, notNull)
    .execute();
  await db.schema.createIndex('catalog_product_section').on('catalog_product').columns(['portal_id', 'section_id', 'name']).execute();
  await db.schema.createIndex('catalog_product_sku').on('catalog_product').columns(['portal_id', 'sku']).execute();

  await db.schema
    .createTable('catalog_product_photo')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('product_id', 'integer', notNull)
    .addColumn('file_id', 'integer', notNull)
    .addColumn('sort', 'integer', notNull)
    .addPrimaryKeyConstraint('catalog_product_photo_pk', ['portal_id', 'product_id', 'file_id'])
    .execute();

  await id(db.schema.createTable('store_warehouse'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('name', 'text', notNull)
    .addColumn('address', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('active', t.flag, (c: any) => c.notNull().defaultTo(1))
    .addColumn('is_default', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('sort', 'integer', (c: any) => c.notNull().defaultTo(500))
    .addColumn('created_at', t.timestamp, notNull)
    .execute();

  await db.schema
    .createTable('store_stock')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('warehouse_id', 'integer', notNull)
    .addColumn('product_id', 'integer', notNull)
    .addColumn('quantity', 'bigint', (c: any) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('store_stock_pk', ['portal_id', 'warehouse_id', 'product_id'])
    .execute();
  await db.schema.createIndex('store_stock_product').on('store_stock').columns(['portal_id', 'product_id']).execute();

  await id(db.schema.createTable('store_document'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('number', 'integer', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('status', 'text', (c: any) => c.notNull().defaultTo('draft'))
    .addColumn('warehouse_id', 'integer')
    .addColumn('to_warehouse_id', 'integer')
    .addColumn('doc_date', 'text', notNull)
    .addColumn('comment', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('responsible_id', 'integer')
    .addColumn('created_by', 'integer')
    .addColumn('posted_at', t.timestamp)
    .addColumn('posted_by', 'integer')
    .addColumn('cancelled_at', t.timestamp)
    .addColumn('cancelled_by', 'integer')
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, notNull)
    .addColumn('updated_at', t.timestamp, notNull)
    .execute();
  await db.schema.createIndex('store_document_number').unique().on('store_document').columns(['portal_id', 'type', 'number']).execute();
  await db.schema.createIndex('store_document_list').on('store_document').columns(['portal_id', 'status', 'id']).execute();

  await id(db.schema.createTable('store_document_row'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('document_id', 'integer', notNull)
    .addColumn('product_id', 'integer', notNull)
    .addColumn('quantity', 'bigint', notNull)
    .addColumn('price', 'bigint', (c: any) => c.notNull().defaultTo(0))
    .addColumn('sort', 'integer', notNull)
    .execute();
  await db.schema.createIndex('store_document_row_doc').on('store_document_row').columns(['portal_id', 'document_id', 'sort']).execute();

  await bigId(db.schema.createTable('store_movement'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('product_id', 'integer', notNull)
    .addColumn('warehouse_id', 'integer', notNull)
    .addColumn('document_id', 'integer', notNull)
    .addColumn('delta', 'bigint', notNull)
    .addColumn('balance', 'bigint', notNull)
    .addColumn('created_at', t.timestamp, notNull)
    .execute();
  await db.schema.createIndex('store_movement_product').on('store_movement').columns(['portal_id', 'product_id', 'id']).execute();

  await db.schema
    .createTable('store_settings')
    .addColumn('portal_id', 'integer', (c: any) => c.primaryKey().references('portal.id').onDelete('cascade'))
    .addColumn('allow_negative', t.flag, (c: any) => c.notNull().defaultTo(0))
    .execute();
}
