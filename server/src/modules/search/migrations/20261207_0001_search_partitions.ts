import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';

/**
 * Every word of the index gets its portal and kind in front (`p1kcrmdeal_договор`, see the engine's
 * `partitionOf`) and the access tokens of rights join them: a query reads one kind's lists only and
 * narrows by rights inside the index. The words are written anew: the FTS5 table gets `_` as a
 * letter of words, the items go, and each portal's index is rebuilt by the durable jobs.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`drop table search_fts`.execute(db);
    await sql`create virtual table search_fts using fts5(tags, title, body, names, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 0 tokenchars '_'")`.execute(db);
  }
  await db.deleteFrom('search_key').execute();
  await db.deleteFrom('search_item').execute();
  const now = new Date().toISOString();
  const portals = await db.selectFrom('portal').select('id').execute();
  const queued = new Set((await db.selectFrom('job').select('portal_id').where('type', '=', 'search.rebuild').where('status', '=', 'pending').execute()).map((j) => Number(j.portal_id)));
  for (const p of portals) {
    if (queued.has(Number(p.id))) continue;
    await db.insertInto('job').values({ portal_id: p.id, type: 'search.rebuild', payload: '{}', run_at: now, status: 'pending', attempts: 0, created_at: now }).execute();
  }
}
