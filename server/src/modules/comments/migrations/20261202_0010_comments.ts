import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * Comments become one table for every module's items: the CRM's comments move in with their ids,
 * so their file links, events and history keep pointing at them (renamed from `crm_comment`).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const id = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());

  await db.schema
    .createTable('comment')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('entity_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('files', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('mentions', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('comment_entity').on('comment').columns(['portal_id', 'entity_type', 'entity_id', 'id']).execute();

  const columns = ['id', 'portal_id', 'entity_type', 'entity_id', 'author_id', 'html', 'files', 'mentions', 'created_at', 'updated_at'];
  await db.insertInto('comment').columns(columns).expression(db.selectFrom('crm_comment').select(columns)).execute();
  if (dialect === 'postgres') await sql`select setval(pg_get_serial_sequence('comment', 'id'), coalesce((select max(id) from "comment"), 0) + 1, false)`.execute(db);

  // What named a CRM comment now names a comment: its file links, its events and its history.
  await db.updateTable('file_link').set({ entity_type: 'comment' }).where('entity_type', '=', 'crm_comment').execute();
  for (const table of ['domain_event', 'history'] as const) {
    const kind = table === 'domain_event' ? 'type' : 'action';
    for (const verb of ['created', 'updated', 'deleted'])
      await db
        .updateTable(table)
        .set({ [kind]: `comments.comment.${verb}` })
        .where(kind, '=', `crm.comment.${verb}`)
        .execute();
    await db.updateTable(table).set({ entity_type: 'comment' }).where('entity_type', '=', 'crm_comment').execute();
  }

  await db.schema.dropIndex('crm_comment_entity').execute();
  await db.schema.dropTable('crm_comment').execute();
}
