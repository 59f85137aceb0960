import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';

/**
 * The duplicate index: each contact's and company's normalised phones, e-mails, name and ИНН,
 * one row a key, found by (type, kind, key) — the item's id in the index too, so lookups and
 * the groups' walk read the index alone — and cleared by item. The portals there are get a
 * rebuild job, so their existing items are found from the start.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('crm_dup_key')
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('entity_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crm_dup_key_lookup').on('crm_dup_key').columns(['portal_id', 'entity_type', 'kind', 'key', 'entity_id']).execute();
  await db.schema.createIndex('crm_dup_key_item').on('crm_dup_key').columns(['portal_id', 'entity_type', 'entity_id']).execute();

  const portals = await db.selectFrom('portal').select('id').execute();
  const at = new Date().toISOString();
  for (const p of portals) {
    await db
      .insertInto('job')
      .values({ portal_id: p.id, type: 'crm.duplicates.rebuild', payload: '{}', run_at: at, status: 'pending', attempts: 0, locked_until: null, last_error: null, created_at: at })
      .execute();
  }
}
