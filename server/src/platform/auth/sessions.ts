import type { Queryable } from '../db/database.js';
import { nowIso } from '../db/database.js';
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

/** The live session for a cookie token; its expiry slides, written at most once a minute. */
export async function loadSession(db: Queryable, token: string): Promise<SessionRow | null> {
  const row = await db
    .selectFrom('session')
    .select(['id', 'account_id', 'portal_id', 'csrf_token', 'last_seen_at', 'expires_at'])
    .where('id', '=', tokenHash(token))
    .executeTakeFirst();
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
  return row;
}

export async function destroySession(db: Queryable, token: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', tokenHash(token)).execute();
}

export async function destroyAccountSessions(db: Queryable, accountId: number): Promise<void> {
  await db.deleteFrom('session').where('account_id', '=', accountId).execute();
}
