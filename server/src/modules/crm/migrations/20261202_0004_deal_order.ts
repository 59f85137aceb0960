import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';

/**
 * The order of the deals within a Kanban column: `kanban_sort`, higher first, then the newer id.
 * Deals already there keep today's order (newest first); a drag places a card between its new
 * neighbours, and new deals come in at the top.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('crm_deal')
    .addColumn('kanban_sort', sql`double precision`, (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update crm_deal set kanban_sort = id`.execute(db);
  await db.schema.dropIndex('crm_deal_kanban').execute();
  await db.schema.createIndex('crm_deal_kanban').on('crm_deal').columns(['portal_id', 'pipeline_id', 'stage_id', 'kanban_sort', 'id']).execute();
  // A column of one person's deals («Мои», the «own» role) in the same order, straight from the index.
  await db.schema.dropIndex('crm_deal_responsible').execute();
  await db.schema.createIndex('crm_deal_responsible').on('crm_deal').columns(['portal_id', 'responsible_id', 'stage_id', 'kanban_sort', 'id']).execute();
}
