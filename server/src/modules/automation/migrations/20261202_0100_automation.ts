import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** Stage automation: robots and triggers of each pipeline's stages, their history, their runs and their questions to employees. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const id = (b: any) => b.addColumn('id', t.id, key);
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  await id(db.schema.createTable('automation_rule'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('entity_type', 'text', (c: any) => c.notNull())
    .addColumn('pipeline_id', 'integer', (c: any) => c.notNull())
    .addColumn('stage_id', 'integer', (c: any) => c.notNull())
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('type', 'text', (c: any) => c.notNull())
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('config', t.json, (c: any) => c.notNull())
    .addColumn('condition', t.json)
    .addColumn('start', t.json, (c: any) => c.notNull())
    .addColumn('sort', 'integer', (c: any) => c.notNull())
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('updated_by', 'integer')
    .execute();
  await db.schema.createIndex('automation_rule_stage').on('automation_rule').columns(['portal_id', 'stage_id', 'kind', 'sort']).execute();
  await db.schema.createIndex('automation_rule_pipeline').on('automation_rule').columns(['portal_id', 'pipeline_id', 'kind']).execute();

  await id(db.schema.createTable('automation_version'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('pipeline_id', 'integer', (c: any) => c.notNull())
    .addColumn('number', 'integer', (c: any) => c.notNull())
    .addColumn('author_id', 'integer')
    .addColumn('summary', 'text', (c: any) => c.notNull())
    .addColumn('snapshot', t.json, (c: any) => c.notNull())
    .addColumn('restored_from', 'integer')
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('automation_version_number').unique().on('automation_version').columns(['portal_id', 'pipeline_id', 'number']).execute();

  await id(db.schema.createTable('automation_run'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('entity_type', 'text', (c: any) => c.notNull())
    .addColumn('entity_id', 'integer', (c: any) => c.notNull())
    .addColumn('pipeline_id', 'integer', (c: any) => c.notNull())
    .addColumn('stage_id', 'integer', (c: any) => c.notNull())
    .addColumn('rule_id', 'integer')
    .addColumn('rule_type', 'text', (c: any) => c.notNull())
    .addColumn('rule_name', 'text', (c: any) => c.notNull())
    .addColumn('entry_key', 'text', (c: any) => c.notNull())
    .addColumn('after_run_id', 'integer')
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('due_at', t.timestamp)
    .addColumn('message_key', 'text')
    .addColumn('message_params', t.json)
    .addColumn('state', t.json)
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('finished_at', t.timestamp)
    .execute();
  // Each robot once per stage entry: a second process (or a repeat after a crash) cannot add it again.
  await db.schema.createIndex('automation_run_once').unique().on('automation_run').columns(['portal_id', 'rule_id', 'entry_key']).execute();
  await db.schema.createIndex('automation_run_item').on('automation_run').columns(['portal_id', 'entity_type', 'entity_id', 'id']).execute();
  await db.schema.createIndex('automation_run_log').on('automation_run').columns(['portal_id', 'pipeline_id', 'id']).execute();
  await db.schema.createIndex('automation_run_after').on('automation_run').columns(['after_run_id']).execute();
  await sql`create index automation_run_open on automation_run (portal_id, entity_id, status) where status in ('pending', 'scheduled', 'waiting')`.execute(db);

  await id(db.schema.createTable('automation_request'))
    .addColumn('portal_id', 'integer', portal)
    .addColumn('run_id', 'integer', (c: any) => c.notNull())
    .addColumn('entity_type', 'text', (c: any) => c.notNull())
    .addColumn('entity_id', 'integer', (c: any) => c.notNull())
    .addColumn('user_id', 'integer', (c: any) => c.notNull())
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('task_id', 'integer')
    .addColumn('prompt', 'text', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('answer', t.json)
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('answered_at', t.timestamp)
    .execute();
  await db.schema.createIndex('automation_request_item').on('automation_request').columns(['portal_id', 'entity_id', 'status']).execute();
}
