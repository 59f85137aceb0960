import type { PortalRef, LoginResponse, CurrentUser } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import type { PortalRow } from '../../platform/context.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { AppError, errors } from '../../platform/errors.js';
import { parseLogin, type Login } from '../../platform/auth/logins.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { createSession, destroyAccountSessions } from '../../platform/auth/sessions.js';
import { randomToken, tokenHash } from '../../platform/auth/tokens.js';
import { t, type Lang } from '../../platform/i18n/index.js';
import { accountPortalRows, activateInvited, activeElsewhere, activeMemberOfAccount, memberOfAccount } from '../users/api.js';
import { Lockout, attemptKeys } from './lockout.js';

export interface SessionStart {
  token: string;
  csrf: string;
  maxAgeSeconds: number;
  body: LoginResponse;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  lang: Lang;
}

export const MIN_PASSWORD = 8;
const INVITE_MS = 7 * 24 * 3600_000;
const RESET_MS = 3600_000;

/** Where a portal's pages live: the path form works on any host, localhost included. */
export function portalUrl(where: { config: { publicUrl: string } }, portal: { name: string }, page = '/'): string {
  return `${where.config.publicUrl}/p/${portal.name}${page}`;
}

export function parseLoginOr400(raw: string): Login {
  const login = parseLogin(raw);
  if (!login) throw errors.field('login', 'auth.login_invalid');
  return login;
}

export async function findAccount(db: Queryable, login: Login) {
  return db
    .selectFrom('account')
    .selectAll()
    .where(login.kind === 'email' ? 'email' : 'phone', '=', login.value)
    .executeTakeFirst();
}

export async function currentUser(db: Queryable, portalId: number, accountId: number): Promise<CurrentUser | null> {
  const u = await activeMemberOfAccount(db, portalId, accountId);
  if (!u) return null;
  return { id: u.id, firstName: u.firstName, lastName: u.lastName, fullName: u.fullName, photoUrl: u.photoUrl, position: u.position, role: u.role, language: u.language };
}

export async function accountPortals(platform: Platform, accountId: number): Promise<PortalRef[]> {
  const rows = await accountPortalRows(platform.db, accountId);
  return rows.map((r) => ({ name: r.name, title: r.title, url: portalUrl(platform, r) }));
}

/** Opens a session for an account at a portal (or the central address) and describes it. */
export async function startSession(platform: Platform, portal: PortalRow | null, accountId: number, client: ClientInfo, opts: { bindToPortal?: boolean } = {}): Promise<SessionStart> {
  const user = portal ? await currentUser(platform.db, portal.id, accountId) : null;
  if (portal && !user) throw new AppError(401, 'invalid_credentials', 'auth.invalid_credentials');
  const bound = opts.bindToPortal && portal ? portal.id : null;
  const s = await createSession(platform.db, accountId, client.ip, client.userAgent, bound);
  const portals = bound ? [] : await accountPortals(platform, accountId);
  return { token: s.token, csrf: s.csrf, maxAgeSeconds: s.maxAgeSeconds, body: { user, portals, csrfToken: s.csrf } };
}

/**
 * The account of a login and password as sign-in checks them: counted by the same lockout (429
 * when locked), and refused unless it is an active member of `portal` (when one is given).
 */
export async function checkPassword(platform: Platform, portal: PortalRow | null, input: { login: string; password: string }, ip: string | null): Promise<number | null> {
  const parsed = parseLoginOr400(input.login);
  const account = await findAccount(platform.db, parsed);
  const lockout = new Lockout(platform.db, platform.dialect, platform.config);
  const ok = await lockout.attempt(attemptKeys(account?.id ?? null, parsed.value, ip), async () => {
    const passwordOk = await verifyPassword(account?.password_hash ?? null, input.password);
    if (!account || !passwordOk) return false;
    // The right password of someone who is not a member here counts as a failure too.
    return !portal || !!(await currentUser(platform.db, portal.id, account.id));
  });
  return ok && account ? account.id : null;
}

/** Refuses (429) an account whose sign-in is locked now, or a locked address: a password checked before must not pass a lock either. */
export async function refuseIfLocked(platform: Platform, accountId: number, ip: string | null): Promise<void> {
  await new Lockout(platform.db, platform.dialect, platform.config).refuseIfLocked(attemptKeys(accountId, '', ip));
}

export async function login(platform: Platform, portal: PortalRow | null, input: { login: string; password: string }, client: ClientInfo): Promise<SessionStart> {
  const accountId = await checkPassword(platform, portal, input, client.ip);
  if (accountId === null) throw new AppError(401, 'invalid_credentials', 'auth.invalid_credentials');
  const started = await startSession(platform, portal, accountId, client);
  if (!portal && started.body.portals.length === 0) throw new AppError(403, 'no_portals', 'auth.no_portals');
  return started;
}

/** A one-time link: invitation (sets the first password) or password reset. */
export async function createAuthToken(db: Queryable, kind: 'invite' | 'reset', accountId: number, portalId: number | null): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('auth_token')
    .values({
      id: tokenHash(token),
      kind,
      account_id: accountId,
      portal_id: portalId,
      expires_at: new Date(Date.now() + (kind === 'invite' ? INVITE_MS : RESET_MS)).toISOString(),
      used_at: null,
      created_at: nowIso(),
    })
    .execute();
  return token;
}

async function liveToken(db: Queryable, token: string) {
  const row = await db.selectFrom('auth_token').selectAll().where('id', '=', tokenHash(token)).executeTakeFirst();
  if (!row || row.used_at || Date.parse(row.expires_at) < Date.now() || row.kind === 'handoff') {
    throw new AppError(400, 'token_invalid', 'auth.token_invalid');
  }
  return row;
}

export async function tokenInfo(platform: Platform, token: string) {
  const row = await liveToken(platform.db, token);
  const account = await platform.db.selectFrom('account').selectAll().where('id', '=', row.account_id).executeTakeFirstOrThrow();
  const portal = row.portal_id ? await platform.portals.byId(row.portal_id) : null;
  const user = row.portal_id ? await memberOfAccount(platform.db, row.portal_id, row.account_id) : null;
  return {
    login: account.email ?? account.phone ?? '',
    name: user ? `${user.firstName} ${user.lastName}` : '',
    portal: portal?.title ?? null,
    // An invitation of an account that already has a password asks for that password instead.
    hasPassword: row.kind === 'invite' && !!account.password_hash,
  };
}

/** Sets the password from an invitation or reset link and signs the user in. */
export async function setPasswordByToken(platform: Platform, input: { token: string; password: string }, client: ClientInfo): Promise<SessionStart> {
  const token = await liveToken(platform.db, input.token);
  const existing = await platform.db.selectFrom('account').selectAll().where('id', '=', token.account_id).executeTakeFirstOrThrow();
  // An invitation of a Passport account that already has a password joins it to the portal;
  // it must not replace that password: the link is readable by the inviting portal's administrators.
  // The password is checked as at sign-in, each attempt counted against the same account and address.
  const keepPassword = token.kind === 'invite' && !!existing.password_hash;
  if (keepPassword) {
    const lockout = new Lockout(platform.db, platform.dialect, platform.config);
    const keys = attemptKeys(existing.id, existing.email ?? existing.phone ?? '', client.ip);
    if (!(await lockout.attempt(keys, () => verifyPassword(existing.password_hash, input.password)))) {
      throw new AppError(401, 'invalid_credentials', 'auth.invalid_credentials');
    }
  }
  const hash = keepPassword ? null : await hashPassword(input.password);
  const { accountId, portalId } = await platform.db.transaction().execute(async (tx) => {
    const row = await liveToken(tx, input.token);
    await tx.updateTable('auth_token').set({ used_at: nowIso() }).where('id', '=', row.id).execute();
    if (row.kind === 'invite' && row.portal_id) await joinPortal(platform, tx, row.portal_id, row.account_id, client.lang);
    if (hash) {
      await tx.updateTable('account').set({ password_hash: hash }).where('id', '=', row.account_id).execute();
      // A new password ends every other session of the account.
      await destroyAccountSessions(tx, row.account_id);
    }
    return { accountId: row.account_id, portalId: row.portal_id };
  });
  platform.events.wake();
  if (hash) await platform.realtime.sessionsEnded({ accountId });
  const portal = portalId ? await platform.portals.byId(portalId) : null;
  return startSession(platform, portal, accountId, client);
}

/** The invited user becomes active; recorded like any change, so history and administrators learn of it. */
async function joinPortal(platform: Platform, tx: Tx, portalId: number, accountId: number, lang: Lang): Promise<void> {
  const portal = await platform.portals.byId(portalId, tx);
  if (portal) await activateInvited({ db: tx, sys: platform.sys }, portal, accountId, lang);
}

export async function requestPasswordReset(platform: Platform, portal: PortalRow | null, rawLogin: string, lang: Lang): Promise<void> {
  const parsed = parseLoginOr400(rawLogin);
  const account = await findAccount(platform.db, parsed);
  if (!account) return; // the answer is the same: existence is not revealed
  // At a portal, only its own members: the link is kept in that portal's mail outbox, which its
  // administrators read; a stranger's link there would hand them the stranger's account.
  if (portal && !(await currentUser(platform.db, portal.id, account.id))) return;
  // The password opens every portal of the account: when it works in another portal too, the
  // link is not kept where this portal's administrators could read it, only sent (or kept for
  // the install's operator).
  const elsewhere = portal ? await activeElsewhere(platform.db, account.id, portal.id) : false;
  const outboxPortal = portal && !elsewhere ? portal.id : null;
  await platform.db.transaction().execute(async (tx) => {
    const token = await createAuthToken(tx, 'reset', account.id, portal?.id ?? null);
    const url = portal ? portalUrl(platform, portal, `/reset/${token}`) : `${platform.config.publicUrl}/reset/${token}`;
    await platform.mailer.queue(tx, {
      portalId: outboxPortal,
      to: account.email ?? account.phone!,
      subject: t(lang, 'mail.reset.subject'),
      text: t(lang, 'mail.reset.text', { url }),
    });
  });
  platform.jobs.wake();
}
