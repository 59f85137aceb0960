import type { Kysely } from 'kysely';

/** The file types an administrator keeps off the drive («exe bat»): extensions, lower case, space-separated. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('drive_settings')
    .addColumn('blocked_types', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
    .execute();
}
