import type { Kysely } from 'kysely';

/**
 * A notification may belong to a group (`notify` with `groupKey`, e.g. the reactions to one item):
 * a new one of the group takes the place of the user's unread one instead of adding another.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notification').addColumn('group_key', 'varchar(200)').execute();
  await db.schema.createIndex('notification_group').on('notification').columns(['user_id', 'group_key']).execute();
}
