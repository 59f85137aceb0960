import type { Kysely } from 'kysely';

/** A mail may carry an iCalendar part (an invitation, its change or cancellation): its METHOD and text. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('calendar_method', 'varchar(20)').execute();
  await db.schema.alterTable('mail_outbox').addColumn('calendar_text', 'text').execute();
}
