import type { Kysely } from 'kysely';

/**
 * The stock table walks the catalogue in name order and keeps the products that have stock:
 * the name index gives a page without sorting every product. The documents list goes newest
 * first by date.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('catalog_product_name').on('catalog_product').columns(['portal_id', 'name', 'id']).execute();
  await db.schema.createIndex('store_document_date').on('store_document').columns(['portal_id', 'doc_date', 'id']).execute();
}
