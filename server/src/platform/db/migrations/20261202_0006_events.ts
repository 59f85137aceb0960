import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { types } from '../migrate.js';

/**
 * A processor's failed events, kept until handled: each processor passes a failing event
 * only by writing it here, retries it with back-off, and an administrator sees and retries
 * what kept failing. Processors read only their own event types: an index on the type.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const id = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  await db.schema
    .createTable('processor_failure')
    .addColumn('id', t.bigId, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('processor', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('event_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('next_attempt_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('processor_failure_event', ['processor', 'event_id'])
    .execute();
  await db.schema.createIndex('processor_failure_due').on('processor_failure').columns(['processor', 'status', 'next_attempt_at']).execute();
  await db.schema.createIndex('processor_failure_portal').on('processor_failure').columns(['portal_id', 'processor']).execute();
  await db.schema.createIndex('domain_event_type').on('domain_event').columns(['type', 'id']).execute();
}
