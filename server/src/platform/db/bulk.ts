import { CompiledQuery, sql } from 'kysely';
import type { Ctx } from '../context.js';

/**
 * A multi-row INSERT sent as one statement text with its parameters, for bulk writes (an import's batches, their events and history):
 * the query builder makes and freezes a node per value (a fifth of a batch's time at 250 rows
 * of 20 columns); this builds the same SQL directly. The text depends only on the table, the
 * columns and the row count, so the driver's statement cache keeps it prepared.
 */
export async function insertRows(ctx: Pick<Ctx, 'db'>, table: string, columns: string[], rows: unknown[][], returningId = false): Promise<number[]> {
  if (!rows.length) return [];
  const pg = isPostgres(ctx);
  const params: unknown[] = [];
  const groups: string[] = [];
  for (const row of rows) {
    const marks: string[] = [];
    for (const v of row) {
      params.push(v === undefined ? null : v);
      marks.push(pg ? `$${params.length}` : '?');
    }
    groups.push(`(${marks.join(', ')})`);
  }
  const text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${groups.join(', ')}${returningId ? ' returning "id"' : ''}`;
  const res = await ctx.db.executeQuery<{ id: number }>(CompiledQuery.raw(text, params));
  return returningId ? res.rows.map((r) => Number(r.id)) : [];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

const dialects = new WeakMap<object, boolean>();

/** Whether the connection speaks PostgreSQL (numbered parameters) rather than SQLite. */
function isPostgres(ctx: Pick<Ctx, 'db'>): boolean {
  let pg = dialects.get(ctx.db);
  if (pg === undefined) {
    pg = sql`${0}`.compile(ctx.db).sql === '$1';
    dialects.set(ctx.db, pg);
  }
  return pg;
}
