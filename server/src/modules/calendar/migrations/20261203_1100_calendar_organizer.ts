import type { Kysely } from 'kysely';

/**
 * The planner's busy time of people includes the meetings they organise in calendars not their
 * own (the company's, a group's): without this index that read scanned every event of the portal.
 * Its columns are the window index's, so the window is checked in the index before a row is read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('calendar_event_organizer').on('calendar_event').columns(['portal_id', 'organizer_id', 'start_at', 'until_at']).execute();
}
