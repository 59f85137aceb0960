import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** Drives, their folders and files, versions, shares, public links, uploads under way and quotas. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  await db.schema
    .createTable('drive_storage')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('owner_id', 'integer', (c: any) => c.notNull())
    .addColumn('root_id', 'integer')
    .addColumn('used_bytes', 'bigint', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('drive_storage_owner').on('drive_storage').columns(['portal_id', 'kind', 'owner_id']).unique().execute();
  await db.schema
    .createTable('drive_item')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('storage_id', 'integer', (c: any) => c.notNull().references('drive_storage.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer')
    .addColumn('path', 'text', (c: any) => c.notNull())
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('sort_group', 'integer', (c: any) => c.notNull())
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('name_key', 'text', (c: any) => c.notNull())
    .addColumn('file_id', 'integer', (c: any) => c.references('file.id').onDelete('set null'))
    .addColumn('size', 'bigint', (c: any) => c.notNull().defaultTo(0))
    .addColumn('mime', 'text')
    .addColumn('versions', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('updated_at', t.timestamp, (c: any) => c.notNull())
    .addColumn('trashed_at', t.timestamp)
    .addColumn('trashed_by', 'integer')
    .addColumn('trash_root', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('shared', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('published', t.flag, (c: any) => c.notNull().defaultTo(0))
    .execute();
  // One name per folder among what is not in the trash.
  await db.schema.createIndex('drive_item_name').on('drive_item').columns(['parent_id', 'name_key']).unique().where(sql.ref('trashed_at'), 'is', null).execute();
  // A folder's pages in each order, folders first.
  await db.schema.createIndex('drive_item_by_name').on('drive_item').columns(['parent_id', 'sort_group', 'name_key', 'id']).execute();
  await db.schema.createIndex('drive_item_by_updated').on('drive_item').columns(['parent_id', 'sort_group', 'updated_at', 'id']).execute();
  await db.schema.createIndex('drive_item_by_size').on('drive_item').columns(['parent_id', 'sort_group', 'size', 'id']).execute();
  // Everything under a folder is found by its path's prefix: GLOB on SQLite, LIKE with the pattern operator class on PostgreSQL.
  if (dialect === 'postgres') await sql`create index drive_item_path on drive_item (storage_id, path text_pattern_ops)`.execute(db);
  else await db.schema.createIndex('drive_item_path').on('drive_item').columns(['storage_id', 'path']).execute();
  await db.schema.createIndex('drive_item_trash').on('drive_item').columns(['portal_id', 'trash_root', 'trashed_at']).execute();
  await db.schema.createIndex('drive_item_file').on('drive_item').columns(['file_id']).execute();
  await db.schema
    .createTable('drive_version')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('item_id', 'integer', (c: any) => c.notNull().references('drive_item.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c: any) => c.notNull())
    .addColumn('file_id', 'integer', (c: any) => c.notNull().references('file.id'))
    .addColumn('size', 'bigint', (c: any) => c.notNull())
    .addColumn('mime', 'text', (c: any) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('drive_version_item').on('drive_version').columns(['item_id', 'number']).unique().execute();
  await db.schema.createIndex('drive_version_creator').on('drive_version').columns(['portal_id', 'created_by']).execute();
  await db.schema
    .createTable('drive_share')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('item_id', 'integer', (c: any) => c.notNull().references('drive_item.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c: any) => c.notNull())
    .addColumn('subject_id', 'integer', (c: any) => c.notNull())
    .addColumn('right', 'text', (c: any) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('drive_share_item').on('drive_share').columns(['item_id', 'subject_type', 'subject_id']).unique().execute();
  await db.schema.createIndex('drive_share_subject').on('drive_share').columns(['portal_id', 'subject_type', 'subject_id']).execute();
  await db.schema
    .createTable('drive_link')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('item_id', 'integer', (c: any) => c.notNull().references('drive_item.id').onDelete('cascade'))
    .addColumn('token', 'text', (c: any) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('expires_at', t.timestamp)
    .addColumn('download_only', t.flag, (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('drive_link_token').on('drive_link').column('token').unique().execute();
  await db.schema.createIndex('drive_link_item').on('drive_link').columns(['portal_id', 'item_id']).execute();
  await db.schema
    .createTable('drive_upload')
    .addColumn('id', 'text', (c: any) => c.primaryKey())
    .addColumn('portal_id', 'integer', portal)
    .addColumn('user_id', 'integer', (c: any) => c.notNull())
    .addColumn('folder_id', 'integer', (c: any) => c.notNull())
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('size', 'bigint', (c: any) => c.notNull())
    .addColumn('conflict', 'text', (c: any) => c.notNull())
    .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('drive_upload_user').on('drive_upload').columns(['portal_id', 'user_id']).execute();
  await db.schema
    .createTable('drive_settings')
    .addColumn('portal_id', 'integer', (c: any) => c.primaryKey().references('portal.id').onDelete('cascade'))
    .addColumn('portal_bytes', 'bigint')
    .addColumn('user_bytes', 'bigint')
    .execute();
}
