import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';

/**
 * Answers in threads one level deep: `parent_id` names the top-level comment an answer is attached
 * to (null for a top-level comment). The index serves an item's top-level comments (`parent_id is null`,
 * newest first), the answers of a set of its comments, and the counts of both.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('comment').addColumn('parent_id', 'integer').execute();
  await db.schema.createIndex('comment_thread').on('comment').columns(['portal_id', 'entity_type', 'entity_id', 'parent_id', 'id']).execute();
}
