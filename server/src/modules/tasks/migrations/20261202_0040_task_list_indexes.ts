import type { Kysely } from 'kysely';

/**
 * «Список» of a role tab reads the user's rows of `task_member` in the order of the page: by
 * deadline (status beside it, so a status filter is checked in the index) or by task (newest
 * first), and stops after one page, however many tasks the user has.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('task_member_role_deadline').on('task_member').columns(['portal_id', 'user_id', 'role', 'deadline', 'status', 'task_id']).execute();
  await db.schema.createIndex('task_member_role_task').on('task_member').columns(['portal_id', 'user_id', 'role', 'task_id']).execute();
}
