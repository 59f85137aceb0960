import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Ctx, PortalRow } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { loadActor } from '../../../platform/http/request-context.js';
import type { Platform } from '../../../platform/platform.js';
import { checkPassword, refuseIfLocked } from '../../auth/api.js';

/** How long a checked password is trusted without hashing it again: a file manager sends it with every request. */
const TRUST_MS = 5 * 60_000;
const MAX_TRUSTED = 2000;

interface Trusted {
  accountId: number;
  passwordHash: string;
  until: number;
}

/** `Authorization: Basic …` as login and password, or null when the request carries none (or another scheme). */
export function basicCredentials(header: string | undefined): { login: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { login: text.slice(0, colon), password: text.slice(colon + 1) };
}

export const unauthenticated = () => new AppError(401, 'invalid_credentials', 'auth.invalid_credentials');

/**
 * Who a WebDAV request is: the portal's sign-in password in HTTP Basic on every request, checked
 * as sign-in checks it (the same lockout, per account and per address). A browser's session cookie
 * counts for nothing here, so a page elsewhere cannot make the browser act on the drive. A right
 * password is remembered for a few minutes by its hash (never in clear), tied to the account's
 * current password hash: changing the password ends it at once, and so does leaving the portal;
 * a locked sign-in refuses it as well.
 */
export class DavAuth {
  private trusted = new Map<string, Trusted>();

  constructor(private platform: Platform) {}

  async ctxOf(req: FastifyRequest, portal: PortalRow): Promise<Ctx> {
    const creds = basicCredentials(req.headers.authorization);
    if (!creds || creds.login.length > 320 || creds.password.length > 1024) throw unauthenticated();
    const key = crypto.createHash('sha256').update(`${portal.id}\n${creds.login}\n${creds.password}`).digest('hex');
    let accountId = await this.trustedAccount(key);
    // A lock stops a remembered password too: else a right guess during the lock would pass unnoticed.
    if (accountId !== null) await refuseIfLocked(this.platform, accountId, req.ip);
    else {
      accountId = await checkPassword(this.platform, portal, creds, req.ip).catch((err: unknown) => {
        // A login that is not an e-mail or a phone is a wrong login like any other.
        if (err instanceof AppError && err.status === 400) return null;
        throw err;
      });
      if (accountId === null) throw unauthenticated();
      await this.trust(key, accountId);
    }
    const actor = await loadActor(this.platform, portal.id, accountId);
    if (!actor) throw unauthenticated();
    return { db: this.platform.db, portal, actor, lang: actor.language, requestId: req.id, sys: this.platform.sys };
  }

  private async passwordHash(accountId: number): Promise<string | null> {
    const row = await this.platform.db.selectFrom('account').select('password_hash').where('id', '=', accountId).executeTakeFirst();
    return row?.password_hash ?? null;
  }

  private async trustedAccount(key: string): Promise<number | null> {
    const t = this.trusted.get(key);
    if (!t) return null;
    if (t.until < Date.now() || (await this.passwordHash(t.accountId)) !== t.passwordHash) {
      this.trusted.delete(key);
      return null;
    }
    return t.accountId;
  }

  private async trust(key: string, accountId: number): Promise<void> {
    const passwordHash = await this.passwordHash(accountId);
    if (!passwordHash) return;
    if (this.trusted.size >= MAX_TRUSTED) this.trusted.delete(this.trusted.keys().next().value!);
    this.trusted.set(key, { accountId, passwordHash, until: Date.now() + TRUST_MS });
  }
}
