import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** Attendees outside the portal, by e-mail: their answer and the secret of their invitation's answer link. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('calendar_guest')
    .addColumn('id', t.id, (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('portal_id', 'integer', (c: any) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c: any) => c.notNull().references('calendar_event.id').onDelete('cascade'))
    .addColumn('email', 'varchar(320)', (c: any) => c.notNull())
    .addColumn('answer', 'text', (c: any) => c.notNull().defaultTo('pending'))
    .addColumn('token', 'text', (c: any) => c.notNull())
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('calendar_guest_event').on('calendar_guest').columns(['event_id', 'email']).unique().execute();
  await db.schema.createIndex('calendar_guest_token').on('calendar_guest').column('token').unique().execute();
}
