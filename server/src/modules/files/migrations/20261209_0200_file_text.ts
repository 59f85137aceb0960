import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * The text of stored contents (PDF, text and code files) for search, keyed like the store by
 * sha256: a content is read once, whoever uploaded it. Files already uploaded are read when their
 * module's index is rebuilt or they change; new ones by the upload's job.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('file_text')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
}
