import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/** Types whose previews the files module makes (see previews.ts). */
const PREVIEWED = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];

/**
 * Previews of stored contents, keyed like the store by sha256: a content is previewed once, whoever
 * uploaded it under whatever name. The images are contents of the store too. The files already
 * uploaded get their preview job now; new ones get it from the upload's event.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('file_preview')
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('preview_sha256', 'varchar(64)')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('error', 'varchar(500)')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('file_preview_pk', ['sha256', 'kind'])
    .execute();
  // Forgetting a content asks whether its bytes are some other content's preview.
  await db.schema.createIndex('file_preview_image').on('file_preview').column('preview_sha256').execute();

  const contents = (await db.selectFrom('file').select(['sha256', 'mime']).where('mime', 'in', PREVIEWED).groupBy(['sha256', 'mime']).execute()) as { sha256: string; mime: string }[];
  const now = new Date().toISOString();
  const jobs = contents.map((c) => ({
    portal_id: null,
    type: 'files.preview',
    payload: JSON.stringify({ sha256: c.sha256, mime: c.mime }),
    run_at: now,
    status: 'pending',
    attempts: 0,
    created_at: now,
  }));
  for (let i = 0; i < jobs.length; i += 500)
    await db
      .insertInto('job')
      .values(jobs.slice(i, i + 500))
      .execute();
}
