import type { CompiledQuery } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { RealtimeHub } from '../realtime/hub.js';
import { executePrepared, nowIso } from '../db/database.js';
import { randomToken, tokenHash } from './tokens.js';

export const SESSION_COOKIE = 'sid';
export const CSRF_COOKIE = 'csrf';
const LIFETIME_MS = 30 * 24 * 3600_000;
const TOUCH_MS = 60_000;

export interface SessionRow {
  id: string;
  account_id: number;
  portal_id: number | null;
  csrf_token: string;
  last_seen_at: string;
  expires_at: string;
}

export async function createSession(db: Queryable, accountId: number, ip: string | null, userAgent: string | null, portalId: number | null = null) {
  const token = randomToken();
  const csrf = randomToken(18);
  const now = new Date();
  await db
    .insertInto('session')
    .values({
      id: tokenHash(token),
      account_id: accountId,
      portal_id: portalId,
      csrf_token: csrf,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + LIFETIME_MS).toISOString(),
      ip: ip?.slice(0, 64) ?? null, // X-Forwarded-For is whatever the client sent
      user_agent: userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return { token, csrf, maxAgeSeconds: LIFETIME_MS / 1000 };
}

export interface MemberRow {
  id: number;
  role: 'admin' | 'employee';
  department_id: number | null;
  language: 'ru' | 'en';
  first_name: string;
  last_name: string;
  photo_url: string | null;
  position: string;
}

interface SessionJoinRow {
  id: string;
  account_id: number;
  portal_id: number | null;
  csrf_token: string;
  last_seen_at: string;
  expires_at: string;
  user_id: number | null;
  role: MemberRow['role'] | null;
  department_id: number | null;
  language: MemberRow['language'] | null;
  first_name: string | null;
  last_name: string | null;
  photo_url: string | null;
  position: string | null;
}

const TOKEN_MARK = '\u0000session-token';
const PORTAL_MARK = -0x5e55;

function sessionQuery(db: Queryable, sessionId: string, portalId: number) {
  return db
    .selectFrom('session')
    .leftJoin('app_user as u', (join) => join.onRef('u.account_id', '=', 'session.account_id').on('u.portal_id', '=', portalId).on('u.status', '=', 'active'))
    .select([
      'session.id',
      'session.account_id',
      'session.portal_id',
      'session.csrf_token',
      'session.last_seen_at',
      'session.expires_at',
      'u.id as user_id',
      'u.role',
      'u.department_id',
      'u.language',
      'u.first_name',
      'u.last_name',
      'u.photo_url',
      'u.position',
    ])
    .where('session.id', '=', sessionId);
}

/**
 * The session query, compiled once per database: building and compiling it with the query
 * builder cost more than running it. Its parameters are found by marker values.
 */
const compiledSessionQuery = new WeakMap<Queryable, CompiledQuery<SessionJoinRow>>();

function sessionStatement(db: Queryable, sessionId: string, portalId: number): CompiledQuery<SessionJoinRow> {
  let query = compiledSessionQuery.get(db);
  if (!query) {
    query = sessionQuery(db, TOKEN_MARK, PORTAL_MARK).compile() as CompiledQuery<SessionJoinRow>;
    if (query.parameters.filter((p) => p === TOKEN_MARK).length !== 1) throw new Error('unexpected parameters in the session query');
    compiledSessionQuery.set(db, query);
  }
  return { ...query, parameters: query.parameters.map((p) => (p === TOKEN_MARK ? sessionId : p === PORTAL_MARK ? portalId : p)) };
}

/**
 * The live session for a cookie token and, when a portal is addressed, the account's active
 * user there: one query, since it runs on every request. The expiry slides, written at most
 * once a minute.
 */
export async function loadSession(db: Queryable, token: string, portalId: number | null = null): Promise<{ session: SessionRow; user: MemberRow | null } | null> {
  const [row] = await executePrepared(db, 'load_session', sessionStatement(db, tokenHash(token), portalId ?? 0));
  if (!row) return null;
  const now = Date.now();
  if (Date.parse(row.expires_at) < now) {
    await db.deleteFrom('session').where('id', '=', row.id).execute();
    return null;
  }
  if (now - Date.parse(row.last_seen_at) > TOUCH_MS) {
    await db
      .updateTable('session')
      .set({ last_seen_at: nowIso(), expires_at: new Date(now + LIFETIME_MS).toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  const session = { id: row.id, account_id: row.account_id, portal_id: row.portal_id, csrf_token: row.csrf_token, last_seen_at: row.last_seen_at, expires_at: row.expires_at };
  const user = row.user_id
    ? {
        id: row.user_id,
        role: row.role!,
        department_id: row.department_id ?? null,
        language: row.language!,
        first_name: row.first_name!,
        last_name: row.last_name!,
        photo_url: row.photo_url ?? null,
        position: row.position!,
      }
    : null;
  return { session, user };
}

/** What ending a session needs: the database, and the hub that tells every process's sockets. */
export interface SessionEnder {
  db: Queryable;
  realtime: Pick<RealtimeHub, 'sessionsEnded'>;
}

/** Ends one session («Выйти», rotation at sign-in): its row goes, its sockets close on every process. */
export async function endSession(platform: SessionEnder, token: string): Promise<void> {
  const id = tokenHash(token);
  await platform.db.deleteFrom('session').where('id', '=', id).execute();
  await platform.realtime.sessionsEnded({ sessionId: id });
}

/** Deletes the row only: open sockets stay until their heartbeat (use endSession where a person signs out). */
export async function destroySession(db: Queryable, token: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', tokenHash(token)).execute();
}

/** Deletes every session of an account, in the caller's transaction; after the commit, announce it with `realtime.sessionsEnded({ accountId })`. */
export async function destroyAccountSessions(db: Queryable, accountId: number): Promise<void> {
  await db.deleteFrom('session').where('account_id', '=', accountId).execute();
}
