import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * The install's operators: accounts that create portals (the page at the central address and
 * `npm run portal`). The demo seed makes its first account one; `npm run portal -- operator <e-mail>`
 * grants it to others.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  await db.schema
    .alterTable('account')
    .addColumn('is_operator', t.flag, (c) => c.notNull().defaultTo(0))
    .execute();
}
