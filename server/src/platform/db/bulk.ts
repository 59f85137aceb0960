import { CompiledQuery, sql } from 'kysely';
import type { Ctx } from '../context.js';

/**
 * A multi-row INSERT sent as one statement text with its parameters, for bulk writes (an
 * import's items, their events and history):
 * the query builder makes and freezes a node per value (a fifth of a batch's time at 250 rows
 * of 20 columns); this builds the same SQL directly. The text depends only on the table, the
 * columns and the row count, so the driver's statement cache keeps it prepared.
 */
export async function insertRows(ctx: Pick<Ctx, 'db'>, table: string, columns: string[], rows: unknown[][], returningId = false): Promise<number[]> {
  if (!rows.length) return [];
  const pg = isPostgres(ctx);
  const params: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const row of rows) {
    for (let c = 0; c < columns.length; c++) {
      const v = row[c];
      params[i++] = v === undefined ? null : v;
    }
  }
  const text = statementText(pg, table, columns, rows.length, returningId);
  const res = await ctx.db.executeQuery<{ id: number }>(CompiledQuery.raw(text, params));
  return returningId ? res.rows.map((r) => Number(r.id)) : [];
}

/**
 * The same rows into `table` in one statement on PostgreSQL, each column sent as one array and
 * unnested (`types` are their PostgreSQL types): a few parameters however many rows, several
 * times faster than a VALUES list for large writes. SQLite gets `insertRows` in chunks.
 */
export async function insertMany(ctx: Pick<Ctx, 'db'>, table: string, columns: { name: string; pg: string }[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  if (!isPostgres(ctx)) {
    // Under SQLite's 32,766 parameters a statement.
    const chunk = Math.max(1, Math.floor(30_000 / columns.length));
    const names = columns.map((c) => c.name);
    for (let i = 0; i < rows.length; i += chunk) await insertRows(ctx, table, names, rows.slice(i, i + chunk));
    return;
  }
  const arrays = columns.map((_, c) => rows.map((r) => (r[c] === undefined ? null : r[c])));
  const text = `insert into ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) select * from unnest(${columns.map((c, i) => `$${i + 1}::${c.pg}[]`).join(', ')})`;
  await ctx.db.executeQuery(CompiledQuery.raw(text, arrays));
}

const texts = new Map<string, string>();

/** The statement text for `count` rows, made once per shape. */
function statementText(pg: boolean, table: string, columns: string[], count: number, returningId: boolean): string {
  const key = `${pg ? 'p' : 's'}|${table}|${columns.join(',')}|${count}|${returningId ? 1 : 0}`;
  let text = texts.get(key);
  if (text === undefined) {
    const groups: string[] = [];
    let n = 0;
    for (let r = 0; r < count; r++) {
      const marks: string[] = [];
      for (let c = 0; c < columns.length; c++) marks.push(pg ? `$${++n}` : '?');
      groups.push(`(${marks.join(', ')})`);
    }
    text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${groups.join(', ')}${returningId ? ' returning "id"' : ''}`;
    if (texts.size > 500) texts.clear();
    texts.set(key, text);
  }
  return text;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

const dialects = new WeakMap<object, boolean>();

/** Whether the connection speaks PostgreSQL (numbered parameters) rather than SQLite. */
export function isPostgres(ctx: Pick<Ctx, 'db'>): boolean {
  let pg = dialects.get(ctx.db);
  if (pg === undefined) {
    pg = sql`${0}`.compile(ctx.db).sql === '$1';
    dialects.set(ctx.db, pg);
  }
  return pg;
}
