import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * The CRM's trash («Корзина»): a deleted lead, deal, contact or company waits here for 30 days
 * with everything that was bound to it (its row and what every holder took), to come back under its own id.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  await db.schema
    .createTable('crm_trash')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', (c: any) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('entity_type', 'varchar(20)', (c: any) => c.notNull())
    .addColumn('entity_id', 'integer', (c: any) => c.notNull())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('reason', 'varchar(10)', (c: any) => c.notNull())
    .addColumn('merged_into', 'integer')
    .addColumn('deleted_by', 'integer', (c: any) => c.references('app_user.id').onDelete('set null'))
    .addColumn('deleted_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('snapshot', t.json, (c: any) => c.notNull())
    .addUniqueConstraint('crm_trash_item', ['portal_id', 'entity_type', 'entity_id'])
    .execute();
  // The page: newest first, of one type or all; the purge: the oldest.
  await db.schema.createIndex('crm_trash_list').on('crm_trash').columns(['portal_id', 'deleted_at', 'id']).execute();
}
