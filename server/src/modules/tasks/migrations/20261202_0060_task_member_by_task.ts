import type { Kysely } from 'kysely';

/**
 * The rights condition on `task` (readableTasks) asks, for each task, whether one of the viewer's
 * people takes part in it: an index by task makes that a probe instead of a scan of the viewer's
 * rows (a 2,000-task Gantt went from ~110 ms to a few ms on SQLite).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('task_member_task').on('task_member').columns(['portal_id', 'task_id', 'user_id']).execute();
}
