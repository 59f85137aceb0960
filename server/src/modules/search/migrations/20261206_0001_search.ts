import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * The portal search index. `search_item` is one row per indexed item; its words live in the
 * engine of each database: an FTS5 table on SQLite (`search_fts`, rowid = the item row's id), a
 * `tsvector` column with a GIN index on PostgreSQL. Both hold the same stems, made in JS, so both
 * find the same items. `search_key` finds phones and e-mails exactly; `search_word` and
 * `search_trgm` are the vocabulary of titles that typos are corrected against.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const pg = dialect === 'postgres';
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  // AUTOINCREMENT on SQLite: an id is never given twice, so "newest first" is "highest id first".
  const key = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  let item = db.schema
    .createTable('search_item')
    .addColumn('id', t.bigId, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('item_id', 'integer', (c: any) => c.notNull())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('url', 'text', (c: any) => c.notNull())
    .addColumn('author_id', 'integer')
    .addColumn('item_date', t.timestamp)
    .addColumn('indexed_at', t.timestamp, (c: any) => c.notNull());
  if (pg) item = item.addColumn('doc', sql`tsvector`, (c: any) => c.notNull());
  await item.execute();
  await db.schema.createIndex('search_item_item').on('search_item').columns(['portal_id', 'kind', 'item_id']).unique().execute();
  if (pg) {
    await db.schema.createIndex('search_item_newest').on('search_item').columns(['portal_id', 'kind', 'id']).execute();
    await sql`create index search_item_doc on search_item using gin (doc)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(tags, title, body, names, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='2 3')`.execute(db);
  }

  await db.schema
    .createTable('search_key')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('key', 'text', (c: any) => c.notNull())
    .addColumn('row_id', 'bigint', (c: any) => c.notNull().references('search_item.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('search_key_pk', ['portal_id', 'key', 'row_id'])
    .execute();
  await db.schema.createIndex('search_key_row').on('search_key').column('row_id').execute();

  await db.schema
    .createTable('search_word')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('word', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('search_word_word').on('search_word').columns(['portal_id', 'word']).unique().execute();
  await db.schema
    .createTable('search_trgm')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('trgm', 'text', (c: any) => c.notNull())
    .addColumn('word_id', 'integer', (c: any) => c.notNull().references('search_word.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('search_trgm_pk', ['portal_id', 'trgm', 'word_id'])
    .execute();

  // The portals that exist already get their index built once, by the durable jobs.
  const now = new Date().toISOString();
  const portals = await db.selectFrom('portal').select('id').execute();
  for (const p of portals) {
    await db.insertInto('job').values({ portal_id: p.id, type: 'search.rebuild', payload: '{}', run_at: now, status: 'pending', attempts: 0, created_at: now }).execute();
  }
}
