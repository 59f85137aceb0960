import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ForgotPasswordRequest, LoginRequest, LoginResponse, Me, NewPasswordRequest, Ok, PortalInfo, PortalRef, TokenInfo } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import { errors } from '../../platform/errors.js';
import { scoped } from '../../platform/db/scoped.js';
import { clearSessionCookies, setSessionCookies } from '../../platform/http/request-context.js';
import { SESSION_COOKIE, endSession } from '../../platform/auth/sessions.js';
import * as auth from './service.js';
import { abilitiesFor } from './abilities.js';

function client(req: FastifyRequest): auth.ClientInfo {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, lang: req.lang };
}

function begin(platform: Platform, req: FastifyRequest, reply: FastifyReply, s: auth.SessionStart) {
  // Rotation: whatever session the browser had before is ended.
  const old = req.cookies[SESSION_COOKIE];
  if (old) void endSession(platform, old);
  setSessionCookies(reply, platform.config.secureCookies, s.token, s.csrf, s.maxAgeSeconds);
  return s.body;
}

export function authRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/portal/info', { config: { policy: 'public' }, schema: { response: { 200: PortalInfo } } }, async (req) => {
    const providers = req.portal ? await scoped({ db: platform.db, portal: req.portal }).selectFrom('oidc_provider').select(['id', 'label']).where('enabled', '=', 1).execute() : [];
    return { portal: req.portal ? { name: req.portal.name, title: req.portal.title } : null, oidc: providers };
  });

  app.post('/api/auth/login', { config: { policy: 'public' }, schema: { body: LoginRequest, response: { 200: LoginResponse } } }, async (req, reply) =>
    begin(platform, req, reply, await auth.login(platform, req.portal, req.body, client(req))),
  );

  app.post('/api/auth/logout', { config: { policy: 'public', csrfExempt: true }, schema: { response: { 200: Ok } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await endSession(platform, token);
    clearSessionCookies(reply);
    return { ok: true as const };
  });

  app.get('/api/auth/me', { config: { policy: 'session' }, schema: { response: { 200: Me } } }, async (req) => {
    const m = req.member;
    if (!req.portal || !req.actor || !m) throw errors.unauthenticated();
    return {
      user: {
        id: m.id,
        firstName: m.first_name,
        lastName: m.last_name,
        fullName: `${m.first_name} ${m.last_name}`.trim(),
        photoUrl: m.photo_url,
        position: m.position,
        role: m.role,
        language: m.language,
      },
      portal: { name: req.portal.name, title: req.portal.title },
      csrfToken: req.session!.csrf_token,
      abilities: abilitiesFor(req.actor),
    };
  });

  app.get('/api/passport/portals', { config: { policy: 'session' }, schema: { response: { 200: z.object({ portals: z.array(PortalRef) }) } } }, async (req) => ({
    portals: await auth.accountPortals(platform, req.session!.account_id),
  }));

  app.post('/api/auth/password/forgot', { config: { policy: 'public' }, schema: { body: ForgotPasswordRequest, response: { 200: Ok } } }, async (req) => {
    await auth.requestPasswordReset(platform, req.portal, req.body.login, req.lang);
    return { ok: true as const };
  });

  app.get('/api/auth/token/:token', { config: { policy: 'public' }, schema: { params: z.object({ token: z.string().min(10).max(200) }), response: { 200: TokenInfo } } }, async (req) =>
    auth.tokenInfo(platform, req.params.token),
  );

  app.post('/api/auth/password/set', { config: { policy: 'public' }, schema: { body: NewPasswordRequest, response: { 200: LoginResponse } } }, async (req, reply) =>
    begin(platform, req, reply, await auth.setPasswordByToken(platform, req.body, client(req))),
  );
}
