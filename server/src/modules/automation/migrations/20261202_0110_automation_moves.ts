import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** Moves of deals made by automation, counted per deal over the last minutes to stop robots that move a deal in circles. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('automation_move')
    .addColumn('id', t.id, (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('portal_id', 'integer', (c: any) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('deal_id', 'integer', (c: any) => c.notNull())
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('automation_move_deal').on('automation_move').columns(['portal_id', 'deal_id', 'created_at']).execute();
}
