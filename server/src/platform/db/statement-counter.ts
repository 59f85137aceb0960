import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import type { LogEvent } from 'kysely';

/**
 * Counts the SQL statements each request runs, for the benchmarks (DB_COUNT_STATEMENTS=true):
 * every request runs in its own counter, and its reply carries the count in `x-db-statements`.
 * Off by default, when it costs nothing: the database gets no log hook and the server no wrapper.
 */
const current = new AsyncLocalStorage<{ n: number }>();

export const STATEMENTS_HEADER = 'x-db-statements';

export function countingStatements(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.DB_COUNT_STATEMENTS === 'true' || env.DB_COUNT_STATEMENTS === '1';
}

/** Kysely's `log` hook: called once per executed statement, in the async context of the caller. */
export function countStatement(_event: LogEvent): void {
  const c = current.getStore();
  if (c) c.n++;
}

/** For a statement run past Kysely (a prepared statement on the pool). */
export function countOneStatement(): void {
  const c = current.getStore();
  if (c) c.n++;
}

/** The statements run so far by the request being handled, or null outside one. */
export function statementsSoFar(): number | null {
  return current.getStore()?.n ?? null;
}

/** Fastify's serverFactory: an HTTP server that gives every request a fresh counter. */
export function countingServerFactory(handler: http.RequestListener): http.Server {
  return http.createServer((req, res) => current.run({ n: 0 }, () => handler(req, res)));
}
