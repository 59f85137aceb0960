import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** CRM activities («Мои дела»): calls, meetings, logged e-mails, to-dos and tasks bound to a lead, deal, contact or company. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  await db.schema
    .createTable('crm_activity')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', (c: any) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('type', 'text', (c: any) => c.notNull())
    .addColumn('direction', 'text')
    .addColumn('subject', 'text', (c: any) => c.notNull())
    .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('owner_type', 'text', (c: any) => c.notNull())
    .addColumn('owner_id', 'integer', (c: any) => c.notNull())
    .addColumn('responsible_id', 'integer')
    .addColumn('author_id', 'integer')
    .addColumn('start_at', t.timestamp)
    .addColumn('end_at', t.timestamp)
    .addColumn('deadline', t.timestamp)
    .addColumn('priority', 'text', (c: any) => c.notNull().defaultTo('normal'))
    .addColumn('remind_before', 'integer')
    .addColumn('remind_at', t.timestamp)
    .addColumn('completed', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('completed_at', t.timestamp)
    .addColumn('completed_by', 'integer')
    .addColumn('result', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('task_id', 'integer')
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  // «Мои дела»: one user's planned (or done) activities by deadline, then id.
  await db.schema.createIndex('crm_activity_mine').on('crm_activity').columns(['portal_id', 'responsible_id', 'completed', 'deadline', 'id']).execute();
  // An item's activities: its timeline, the Kanban's counts and the lists' «Дела» column.
  await db.schema.createIndex('crm_activity_owner').on('crm_activity').columns(['portal_id', 'owner_type', 'owner_id', 'completed', 'deadline']).execute();
  await db.schema.createIndex('crm_activity_task').on('crm_activity').columns(['portal_id', 'task_id']).execute();
}
