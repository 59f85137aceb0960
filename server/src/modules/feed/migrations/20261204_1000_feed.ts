import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** The news feed: posts, their audience keys, views, «Прочитал» of important messages and poll votes. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  const post = (c: any) => c.notNull().references('feed_post.id').onDelete('cascade');
  await db.schema
    .createTable('feed_post')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('source', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('source_key', 'text')
    .addColumn('author_id', 'integer')
    .addColumn('title', 'text')
    .addColumn('html', 'text', (c: any) => c.notNull())
    .addColumn('text', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('mentions', t.json, (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('files', t.json, (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('audience', t.json, (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('poll', t.json)
    .addColumn('thanks', t.json)
    .addColumn('link', t.json)
    .addColumn('view_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('read_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('edited_at', t.timestamp)
    .execute();
  await db.schema.createIndex('feed_post_portal').on('feed_post').columns(['portal_id', 'id']).execute();
  await db.schema.createIndex('feed_post_author').on('feed_post').columns(['portal_id', 'author_id', 'id']).execute();
  await db.schema.createIndex('feed_post_source').on('feed_post').columns(['portal_id', 'source_key']).unique().execute();
  await db.schema
    .createTable('feed_audience')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('post_id', 'integer', post)
    .addColumn('key', 'text', (c: any) => c.notNull())
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('source', t.flag, (c: any) => c.notNull().defaultTo(0))
    .execute();
  // A reader's page: the newest posts under each of their keys; important ones by their own index.
  await db.schema.createIndex('feed_audience_key').on('feed_audience').columns(['portal_id', 'key', 'post_id']).execute();
  await db.schema.createIndex('feed_audience_kind').on('feed_audience').columns(['portal_id', 'key', 'kind', 'post_id']).execute();
  await db.schema.createIndex('feed_audience_post').on('feed_audience').columns(['post_id', 'key']).unique().execute();
  for (const [table, at] of [
    ['feed_view', 'viewed_at'],
    ['feed_read', 'read_at'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('portal_id', 'integer', portal)
      .addColumn('post_id', 'integer', post)
      .addColumn('user_id', 'integer', (c: any) => c.notNull())
      .addColumn(at, t.timestamp, (c: any) => c.notNull())
      .execute();
    await db.schema.createIndex(`${table}_post`).on(table).columns(['post_id', 'user_id']).unique().execute();
  }
  await db.schema.createIndex('feed_read_user').on('feed_read').columns(['portal_id', 'user_id', 'post_id']).execute();
  await db.schema
    .createTable('feed_vote')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('post_id', 'integer', post)
    .addColumn('user_id', 'integer', (c: any) => c.notNull())
    .addColumn('option_id', 'integer', (c: any) => c.notNull())
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('feed_vote_post').on('feed_vote').columns(['post_id', 'user_id', 'option_id']).unique().execute();
}
