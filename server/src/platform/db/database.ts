import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type Transaction } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './schema.js';
import { countStatement, countingStatements, countOneStatement } from './statement-counter.js';

export type Dialect = 'sqlite' | 'postgres';
/**
 * PostgreSQL's text of a timestamptz as an ISO string: in UTC (`2026-09-21 09:00:00.5+00`, the
 * server's own zone here) by cutting the text, any other through Date. Parsing every timestamp
 * through Date took a third of reading 5,000 events.
 */
export function pgTimestamp(v: string): string {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/.exec(v);
  return m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : new Date(v).toISOString();
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repositories accept both. */
export type Queryable = Db | Tx;

// timestamptz as ISO strings and bigint counts as numbers, so both databases return the same shapes.
pg.types.setTypeParser(1184, (v) => pgTimestamp(v));
pg.types.setTypeParser(1114, (v) => new Date(v + 'Z').toISOString());
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

export function openDatabase(opts: { url: string | null; dataDir: string }): DbHandle {
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: countingStatements() ? countStatement : undefined });
    pools.set(db, pool);
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = opts.url?.startsWith('sqlite:') ? opts.url.slice('sqlite:'.length) : path.join(opts.dataDir, 'portal.db');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log: countingStatements() ? countStatement : undefined });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Kysely prepares every statement anew; compiling SQL costs more than running these small
 * queries. Statements are kept by their text; one still being iterated is not reused.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const hit = cache.get(text);
      if (hit && !hit.busy) {
        cache.delete(text); // re-inserted below: the map keeps the most recently used last
        cache.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      if (!hit) {
        cache.set(text, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

const pools = new WeakMap<object, pg.Pool>();

/**
 * Runs a query of the hot path (every request runs it) as a prepared statement. PostgreSQL
 * parses and plans an unnamed statement anew each time, which cost more than executing this
 * one: under `name` each pooled connection prepares it once. SQLite statements are prepared
 * once anyway (the statement cache above). In a transaction it runs as any other query.
 */
export async function executePrepared<R>(db: Queryable, name: string, query: CompiledQuery<R>): Promise<R[]> {
  const pool = pools.get(db);
  if (!pool) return (await db.executeQuery(query)).rows;
  countOneStatement();
  const result = await pool.query({ name, text: query.sql, values: query.parameters as unknown[] });
  return result.rows as R[];
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Case-insensitive "contains" that works on both databases (ILIKE is PostgreSQL only). */
export function likeInsensitive(dialect: Dialect) {
  return dialect === 'postgres' ? ('ilike' as const) : ('like' as const);
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Whether a statement failed on a unique index (PostgreSQL's 23505, SQLite's UNIQUE constraint): a row made meanwhile by someone else. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
