import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * Reactions to the items of every module. The one unique index is also the index the reads go
 * through: an item's rows lie together under (portal, type, item), by emoji and user, so counting
 * the emoji of a page of items never reads the table itself.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('reaction')
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('entity_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('emoji', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reaction_item').on('reaction').columns(['portal_id', 'entity_type', 'entity_id', 'emoji', 'user_id']).unique().execute();
}
