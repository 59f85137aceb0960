import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * A group's history («История»): one row per event of the group or of an item in it (a task of
 * the group), written by the `groups.activity` processor; readers see only the rows of items they
 * may read. `search_name` is the name lower-cased (ё as е) for «Группы»'s search on both databases.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const id = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());

  await db.schema
    .alterTable('work_group')
    .addColumn('search_name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('work_group_activity')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('work_group.id').onDelete('cascade'))
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(50)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(50)', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('action', 'varchar(100)', (c) => c.notNull())
    .addColumn('title', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('params', t.json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_group_activity_group').on('work_group_activity').columns(['portal_id', 'group_id', 'id']).execute();
  await db.schema.createIndex('work_group_activity_event').on('work_group_activity').columns(['event_id', 'group_id']).unique().execute();
}
