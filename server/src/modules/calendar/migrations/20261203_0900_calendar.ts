import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** Calendars, their events (RRULE, EXDATE, overrides), attendees' answers and meeting rooms. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  await db.schema
    .createTable('calendar')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('key', 'text', (c: any) => c.notNull())
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('owner_id', 'integer')
    .addColumn('group_id', 'integer')
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('color', 'text', (c: any) => c.notNull())
    .addColumn('access', 'text', (c: any) => c.notNull().defaultTo('busy'))
    .addColumn('feed_token', 'text')
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('calendar_key').on('calendar').columns(['portal_id', 'key']).unique().execute();
  await db.schema.createIndex('calendar_feed').on('calendar').column('feed_token').unique().execute();
  await db.schema
    .createTable('calendar_room')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('calendar_event')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('calendar_id', 'integer', (c: any) => c.notNull().references('calendar.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer')
    .addColumn('recurrence_id', t.timestamp)
    .addColumn('uid', 'text', (c: any) => c.notNull())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('start_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('end_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('all_day', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('time_zone', 'text', (c: any) => c.notNull())
    .addColumn('place', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('room_id', 'integer')
    .addColumn('importance', 'text', (c: any) => c.notNull().defaultTo('normal'))
    .addColumn('private', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('color', 'text')
    .addColumn('reminders', t.json, (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('rrule', 'text')
    .addColumn('exdates', t.json, (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('until_at', t.timestamp)
    .addColumn('organizer_id', 'integer')
    .addColumn('crm_links', t.json, (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  // A calendar's window: events starting before its end whose last occurrence ends after its start.
  await db.schema.createIndex('calendar_event_window').on('calendar_event').columns(['portal_id', 'calendar_id', 'start_at', 'until_at']).execute();
  await db.schema.createIndex('calendar_event_room').on('calendar_event').columns(['portal_id', 'room_id', 'start_at']).execute();
  await db.schema.createIndex('calendar_event_parent').on('calendar_event').columns(['portal_id', 'parent_id']).execute();
  await db.schema
    .createTable('calendar_attendee')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('event_id', 'integer', (c: any) => c.notNull().references('calendar_event.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c: any) => c.notNull())
    .addColumn('answer', 'text', (c: any) => c.notNull().defaultTo('pending'))
    .execute();
  await db.schema.createIndex('calendar_attendee_event').on('calendar_attendee').columns(['event_id', 'user_id']).unique().execute();
  await db.schema.createIndex('calendar_attendee_user').on('calendar_attendee').columns(['portal_id', 'user_id', 'event_id']).execute();
}
