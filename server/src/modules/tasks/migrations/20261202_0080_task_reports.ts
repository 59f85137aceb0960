import type { Kysely } from 'kysely';

/**
 * Reports read a person's tasks created or due in a period: one range per person on each of the
 * two dates, instead of every task of the portal.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('task_responsible_created').on('task').columns(['portal_id', 'responsible_id', 'created_at']).execute();
  await db.schema.createIndex('task_responsible_deadline').on('task').columns(['portal_id', 'responsible_id', 'deadline']).execute();
}
