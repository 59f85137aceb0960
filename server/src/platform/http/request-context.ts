import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Ctx, PortalRow } from '../context.js';
import { pickLang, type Lang } from '../i18n/index.js';
import { AppError, errors } from '../errors.js';
import { resolvePortal } from '../portals.js';
import { CSRF_COOKIE, SESSION_COOKIE, loadSession, type MemberRow, type SessionRow } from '../auth/sessions.js';
import type { Platform } from '../platform.js';

declare module 'fastify' {
  interface FastifyRequest {
    portal: PortalRow | null;
    session: SessionRow | null;
    actor: Actor | null;
    /** The signed-in user's own row at the addressed portal, as loaded with the session. */
    member: MemberRow | null;
    lang: Lang;
    /** The service context of a member route: portal, actor, database. */
    ctx: Ctx;
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CTX = Symbol('ctx');
type WithCtx = FastifyRequest & { [CTX]?: Ctx };

/** Loads the active user of `portalId` for an account, or null. */
export async function loadActor(platform: Platform, portalId: number, accountId: number): Promise<Actor | null> {
  const u = await platform.db
    .selectFrom('app_user')
    .select(['id', 'role', 'department_id', 'language'])
    .where('portal_id', '=', portalId)
    .where('account_id', '=', accountId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!u) return null;
  return { userId: u.id, accountId, portalId, role: u.role, departmentId: u.department_id, language: u.language };
}

export function registerRequestContext(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('portal', null);
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('member', null);
  app.decorateRequest('lang', 'ru');
  // A handler never runs without its context: reading one that the request did not earn fails
  // the request (500), it never hands a handler a null to trip over later.
  app.decorateRequest('ctx', {
    getter(this: WithCtx) {
      const ctx = this[CTX];
      if (!ctx) throw new Error(`no request context for ${this.method} ${this.routeOptions.url ?? this.url}`);
      return ctx;
    },
    setter(this: WithCtx, value: Ctx) {
      this[CTX] = value;
    },
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    req.lang = pickLang(req.headers['accept-language']);
    // Decided on the route that matched, never on how the address is spelled: `/%61pi/users`
    // matches `/api/users` and gets its policy. Only routes outside /api (the app's page and its
    // files) carry none, which the onRoute check in app.ts guarantees.
    const policy = req.routeOptions.config?.policy;
    if (!policy) return;

    const header = req.headers['x-portal'];
    const portal = await resolvePortal(platform.portals, platform.config.baseHost, req.headers.host, typeof header === 'string' ? header : (req.query as Record<string, string> | undefined)?.portal);
    if (portal === 'unknown') throw new AppError(404, 'portal_not_found', 'error.portal_not_found');
    req.portal = portal;

    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      // One query on the hot path: the session and, at a portal, its active user there.
      const auth = await loadSession(platform.db, token, portal ? portal.id : null);
      req.session = auth?.session ?? null;
      // A session bound to one portal (external identity provider) does not open the others.
      if (req.session?.portal_id && (!portal || portal.id !== req.session.portal_id)) req.session = null;
      if (req.session && portal && auth?.user) {
        const u = auth.user;
        req.actor = { userId: u.id, accountId: req.session.account_id, portalId: portal.id, role: u.role, departmentId: u.department_id, language: u.language };
        req.member = u;
        req.lang = u.language;
      }
    }
    if (portal) req.ctx = { db: platform.db, portal, actor: req.actor, lang: req.lang, requestId: req.id, sys: platform.sys };

    if (policy === 'public') return;
    if (!req.session) throw errors.unauthenticated();
    if (WRITE_METHODS.has(req.method) && !req.routeOptions.config.csrfExempt) {
      const sent = req.headers['x-csrf-token'];
      if (sent !== req.session.csrf_token) throw new AppError(403, 'csrf', 'error.csrf');
    }
    if (policy === 'session') return;
    // Not a member of the addressed portal: its data does not exist for this account.
    if (!portal || !req.actor) throw errors.notFound();
    if (policy === 'admin' && req.actor.role !== 'admin') throw errors.forbidden();
    void reply;
  });
}

export function setSessionCookies(reply: FastifyReply, secure: boolean, token: string, csrf: string, maxAge: number): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge });
  // Readable by the page, which echoes it in X-CSRF-Token; a foreign site can neither read nor send it.
  reply.setCookie(CSRF_COOKIE, csrf, { path: '/', httpOnly: false, sameSite: 'strict', secure, maxAge });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
