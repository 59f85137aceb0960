import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** «Рабочий день»: days with their intervals, schedules, the production calendar's holidays, a day's history and correction requests. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  await db.schema
    .createTable('workday_day')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('user_id', 'integer', (c: any) => c.notNull())
    .addColumn('day', 'text', (c: any) => c.notNull())
    .addColumn('time_zone', 'text', (c: any) => c.notNull())
    .addColumn('state', 'text', (c: any) => c.notNull())
    .addColumn('intervals', t.json, (c: any) => c.notNull())
    .addColumn('worked_ms', 'bigint', (c: any) => c.notNull().defaultTo(0))
    .addColumn('planned_start', 'text')
    .addColumn('planned_end', 'text')
    .addColumn('report', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('late_reason', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('early_reason', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('late', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('early', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('unclosed', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('corrected', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('confirmed', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  // One day per employee per local date; the panel's and the report's lookups.
  await db.schema.createIndex('workday_day_user').on('workday_day').columns(['portal_id', 'user_id', 'day']).unique().execute();
  await db.schema.createIndex('workday_day_date').on('workday_day').columns(['portal_id', 'day']).execute();
  await db.schema
    .createTable('workday_schedule')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('scope', 'text', (c: any) => c.notNull())
    .addColumn('target_id', 'integer')
    .addColumn('body', t.json, (c: any) => c.notNull())
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('updated_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('workday_schedule_target').on('workday_schedule').columns(['portal_id', 'scope', 'target_id']).execute();
  await db.schema
    .createTable('workday_holiday')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('year', 'integer', (c: any) => c.notNull())
    .addColumn('day', 'text', (c: any) => c.notNull())
    .addColumn('name', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('workday_holiday_year').on('workday_holiday').columns(['portal_id', 'year']).execute();
  await db.schema
    .createTable('workday_history')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('day_id', 'integer', (c: any) => c.notNull().references('workday_day.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'text', (c: any) => c.notNull())
    .addColumn('reason', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('old_intervals', t.json)
    .addColumn('new_intervals', t.json)
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('workday_history_day').on('workday_history').columns(['portal_id', 'day_id']).execute();
  await db.schema
    .createTable('workday_request')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('day_id', 'integer', (c: any) => c.notNull().references('workday_day.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c: any) => c.notNull())
    .addColumn('intervals', t.json, (c: any) => c.notNull())
    .addColumn('reason', 'text', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('decided_by', 'integer')
    .addColumn('decided_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('workday_request_status').on('workday_request').columns(['portal_id', 'status', 'user_id']).execute();
}
