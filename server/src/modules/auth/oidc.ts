import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as oidc from 'openid-client';
import { authEvents, IdParam, MAX_ID, OidcProvider, OidcProviderInput, OidcProviderList, OidcProviderUpdate, Ok } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import type { Ctx, PortalRow } from '../../platform/context.js';
import type { OidcProviderTable } from '../../platform/db/schema.js';
import type { Selectable } from 'kysely';
import { scoped } from '../../platform/db/scoped.js';
import { nowIso } from '../../platform/db/database.js';
import { AppError, errors } from '../../platform/errors.js';
import { diff, recordEvent, type Change } from '../../platform/events/outbox.js';
import { loadActor, setSessionCookies } from '../../platform/http/request-context.js';
import { checkedAddresses, guardedFetch, OutboundRefused } from '../../platform/http/outbound.js';
import { SESSION_COOKIE, endSession } from '../../platform/auth/sessions.js';
import { activeMemberByEmail } from '../users/api.js';
import { portalUrl, startSession } from './service.js';

type ProviderRow = Selectable<OidcProviderTable>;

/** State, nonce and PKCE verifier of one sign-in, kept by the browser between start and callback. */
const FLOW_COOKIE = 'oidc_flow';
const FLOW_PATH = '/api/auth/oidc';
const FLOW_MS = 10 * 60_000;
const DISCOVERY_MS = 10 * 60_000;
const CALLBACK_PATH = '/api/auth/oidc/callback';
/** How long saving a provider waits for its name to resolve. */
const ISSUER_LOOKUP_MS = 3000;

interface Flow {
  providerId: number;
  portalId: number;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  expires: number;
}

/**
 * The flow cookie is signed with a key derived from the provider's client secret: nobody without
 * that secret can point a callback at another provider or portal, and no server-wide secret
 * needs configuring. Changing the secret merely voids sign-ins in progress.
 */
function flowKey(p: ProviderRow): Buffer {
  return crypto.createHmac('sha256', p.client_secret).update(`oidc-flow:${p.id}`).digest();
}

function sealFlow(p: ProviderRow, flow: Flow): string {
  const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${body}.${crypto.createHmac('sha256', flowKey(p)).update(body).digest('base64url')}`;
}

function flowProviderId(cookie: string | undefined): number | null {
  try {
    const id = JSON.parse(Buffer.from(cookie?.split('.')[0] ?? '', 'base64url').toString()).providerId;
    // Unsigned until the provider is known: anything may be in it, and it goes into a query.
    return Number.isInteger(id) && id > 0 && id <= MAX_ID ? id : null;
  } catch {
    return null;
  }
}

function openFlow(p: ProviderRow, cookie: string): Flow | null {
  const [body, mac] = cookie.split('.');
  if (!body || !mac) return null;
  const expected = crypto.createHmac('sha256', flowKey(p)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const flow = JSON.parse(Buffer.from(body, 'base64url').toString()) as Flow;
  return flow.providerId === p.id && flow.portalId === p.portal_id && flow.expires > Date.now() ? flow : null;
}

/**
 * The issuer an administrator saves: https and a public address, unless the operator allows
 * plain http and private addresses (OIDC_ALLOW_PRIVATE). A name that does not resolve now is
 * accepted: every request to the provider is checked again when it is made.
 */
async function checkIssuer(allowPrivate: boolean, issuer: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([checkedAddresses(new URL(issuer), { allowPrivate }), new Promise((resolve) => (timer = setTimeout(resolve, ISSUER_LOOKUP_MS)))]);
  } catch (err) {
    if (err instanceof OutboundRefused) throw errors.field('issuer', err.reason === 'scheme' ? 'auth.oidc_issuer_https' : 'auth.oidc_issuer_private');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The client of one provider, from its discovery document; cached per process for a while.
 * Every request to the provider (discovery, keys, token, userinfo) goes through the guarded
 * fetch: https to public addresses only, checked after resolution, redirects included.
 */
function clientConfigs(allowPrivate: boolean) {
  const cache = new Map<number, { fingerprint: string; at: number; config: Promise<oidc.Configuration> }>();
  const fetch = guardedFetch({ allowPrivate }) as oidc.CustomFetch;
  async function discover(p: ProviderRow): Promise<oidc.Configuration> {
    const issuer = new URL(p.issuer);
    // Plain http gets past the guarded fetch only where the operator allows it.
    const insecure = issuer.protocol === 'http:' && allowPrivate;
    const found = await oidc.discovery(issuer, p.client_id, p.client_secret, undefined, {
      execute: insecure ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
      [oidc.customFetch]: fetch,
    });
    const server = found.serverMetadata();
    // client_secret_basic is the default of the standard; fall back to _post where it is all the provider takes.
    const methods = server.token_endpoint_auth_methods_supported;
    const auth = methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post') ? oidc.ClientSecretPost(p.client_secret) : oidc.ClientSecretBasic(p.client_secret);
    const config = new oidc.Configuration(server, p.client_id, p.client_secret, auth);
    config.timeout = 10;
    config[oidc.customFetch] = fetch;
    if (insecure) oidc.allowInsecureRequests(config);
    return config;
  }
  return (p: ProviderRow): Promise<oidc.Configuration> => {
    const fingerprint = crypto.createHash('sha256').update([p.issuer, p.client_id, p.client_secret].join('\n')).digest('hex');
    const hit = cache.get(p.id);
    if (hit && hit.fingerprint === fingerprint && Date.now() - hit.at < DISCOVERY_MS) return hit.config;
    const config = discover(p);
    cache.set(p.id, { fingerprint, at: Date.now(), config });
    config.catch(() => cache.delete(p.id));
    return config;
  };
}

/** The account a provider's subject signs in as: its link, else an active member with the verified e-mail. */
async function resolveAccount(platform: Platform, portal: PortalRow, p: ProviderRow, claims: Record<string, unknown>, requestId: string): Promise<number | null> {
  const subject = String(claims.sub);
  const linked = await platform.db.selectFrom('oidc_identity').select('account_id').where('provider_id', '=', p.id).where('subject', '=', subject).executeTakeFirst();
  if (linked) return linked.account_id;

  const verified = claims.email_verified === true || claims.email_verified === 'true';
  if (!verified || typeof claims.email !== 'string') return null;
  const member = await activeMemberByEmail(platform.db, portal.id, claims.email.trim().toLowerCase());
  if (!member) return null;

  const actor = await loadActor(platform, portal.id, member.accountId);
  const ctx: Ctx = { db: platform.db, portal, actor, lang: actor?.language ?? 'ru', requestId, sys: platform.sys };
  return platform.transaction(ctx, async (tx) => {
    const r = await tx.db
      .insertInto('oidc_identity')
      .values({ provider_id: p.id, subject, account_id: member.accountId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['provider_id', 'subject']).doNothing())
      .executeTakeFirst();
    // Two callbacks at once: the one that lost the race uses the link the other made.
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) {
      const won = await tx.db.selectFrom('oidc_identity').select('account_id').where('provider_id', '=', p.id).where('subject', '=', subject).executeTakeFirstOrThrow();
      return won.account_id;
    }
    await recordEvent(tx, authEvents.oidcIdentityLinked, { entityType: 'oidc_provider', entityId: p.id, payload: { userId: member.userId, subject } });
    return member.accountId;
  });
}

function toView(p: ProviderRow): OidcProvider {
  return { id: p.id, label: p.label, issuer: p.issuer, clientId: p.client_id, enabled: p.enabled === 1 };
}

/** Where the provider sends the browser back: the address the browser used, so the flow cookie comes along. */
function redirectUri(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}${CALLBACK_PATH}`;
}

export function oidcRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const clientConfig = clientConfigs(platform.config.oidcAllowPrivate);
  const flowCookie = { path: FLOW_PATH, httpOnly: true, sameSite: 'lax' as const, secure: platform.config.secureCookies };

  const signInPage = (portal: PortalRow | null, error: 'oidc_failed' | 'oidc_not_registered') =>
    portal ? portalUrl(platform, portal, `/login?error=${error}`) : `${platform.config.publicUrl}/login?error=${error}`;

  app.get('/api/auth/oidc/:providerId/start', { config: { policy: 'public' }, schema: { params: z.object({ providerId: z.coerce.number().int().positive().max(MAX_ID) }) } }, async (req, reply) => {
    if (!req.portal) throw errors.notFound();
    const p = await scoped({ db: platform.db, portal: req.portal }).selectFrom('oidc_provider').selectAll().where('id', '=', req.params.providerId).where('enabled', '=', 1).executeTakeFirst();
    if (!p) throw errors.notFound();
    let config: oidc.Configuration;
    try {
      config = await clientConfig(p);
    } catch (err) {
      req.log.warn({ err, providerId: p.id }, 'oidc discovery failed');
      return reply.redirect(signInPage(req.portal, 'oidc_failed'));
    }
    const flow: Flow = {
      providerId: p.id,
      portalId: p.portal_id,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      redirectUri: redirectUri(req),
      expires: Date.now() + FLOW_MS,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: flow.redirectUri,
      scope: 'openid email',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    reply.setCookie(FLOW_COOKIE, sealFlow(p, flow), { ...flowCookie, maxAge: FLOW_MS / 1000 });
    return reply.header('cache-control', 'no-store').redirect(url.href);
  });

  app.get('/api/auth/oidc/callback', { config: { policy: 'public' } }, async (req, reply) => {
    const cookie = req.cookies[FLOW_COOKIE];
    reply.clearCookie(FLOW_COOKIE, flowCookie).header('cache-control', 'no-store');
    const providerId = flowProviderId(cookie);
    // The flow's provider is known by its id before the portal is: the portal is checked against it just below.
    // eslint-disable-next-line portal/scoped-tables
    const p = providerId ? await platform.db.selectFrom('oidc_provider').selectAll().where('id', '=', providerId).where('enabled', '=', 1).executeTakeFirst() : undefined;
    const flow = p && cookie ? openFlow(p, cookie) : null;
    const portal = p ? await platform.portals.byId(p.portal_id) : null;
    // A host that names a portal must name the provider's own.
    if (!p || !flow || !portal || (req.portal && req.portal.id !== portal.id)) return reply.redirect(signInPage(req.portal, 'oidc_failed'));

    let claims: Record<string, unknown>;
    try {
      const config = await clientConfig(p);
      const current = new URL(flow.redirectUri);
      current.search = req.url.split('?')[1] ?? '';
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        pkceCodeVerifier: flow.verifier,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims()! };
      // Providers may keep the e-mail out of the ID token and give it at the userinfo endpoint only.
      if (claims.email === undefined && config.serverMetadata().userinfo_endpoint) {
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))), ...claims };
      }
    } catch (err) {
      req.log.warn({ err, providerId: p.id }, 'oidc sign-in failed');
      return reply.redirect(signInPage(portal, 'oidc_failed'));
    }

    const accountId = await resolveAccount(platform, portal, p, claims, req.id);
    if (accountId === null) return reply.redirect(signInPage(portal, 'oidc_not_registered'));
    let started;
    try {
      started = await startSession(platform, portal, accountId, { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, lang: req.lang }, { bindToPortal: true });
    } catch (err) {
      // Linked once, but no longer an active member of this portal.
      if (err instanceof AppError && err.status === 401) return reply.redirect(signInPage(portal, 'oidc_not_registered'));
      throw err;
    }
    const old = req.cookies[SESSION_COOKIE];
    if (old) await endSession(platform, old);
    setSessionCookies(reply, platform.config.secureCookies, started.token, started.csrf, started.maxAgeSeconds);
    return reply.redirect(portalUrl(platform, portal, '/'));
  });

  const admin = { policy: 'admin' as const };

  app.get('/api/admin/oidc-providers', { config: admin, schema: { response: { 200: OidcProviderList } } }, async (req) => {
    const rows = await scoped(req.ctx).selectFrom('oidc_provider').selectAll().orderBy('label').orderBy('id').execute();
    return { items: rows.map(toView), redirectUri: redirectUri(req) };
  });

  app.post('/api/admin/oidc-providers', { config: admin, schema: { body: OidcProviderInput, response: { 200: OidcProvider } } }, async (req) => {
    const b = req.body;
    await checkIssuer(platform.config.oidcAllowPrivate, b.issuer);
    const row = await platform.transaction(req.ctx, async (tx) => {
      const created = await scoped(tx)
        .insertInto('oidc_provider', { label: b.label, issuer: b.issuer, client_id: b.clientId, client_secret: b.clientSecret, enabled: b.enabled ? 1 : 0 })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(tx, authEvents.oidcProviderCreated, { entityType: 'oidc_provider', entityId: created.id, payload: { label: b.label, issuer: b.issuer } });
      return created;
    });
    return toView(row);
  });

  app.patch('/api/admin/oidc-providers/:id', { config: admin, schema: { params: IdParam, body: OidcProviderUpdate, response: { 200: OidcProvider } } }, async (req) => {
    const b = req.body;
    if (b.issuer !== undefined) await checkIssuer(platform.config.oidcAllowPrivate, b.issuer);
    const row = await platform.transaction(req.ctx, async (tx) => {
      const before = await scoped(tx).selectFrom('oidc_provider').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!before) throw errors.notFound();
      const set = {
        ...(b.label !== undefined ? { label: b.label } : {}),
        ...(b.issuer !== undefined ? { issuer: b.issuer } : {}),
        ...(b.clientId !== undefined ? { client_id: b.clientId } : {}),
        ...(b.enabled !== undefined ? { enabled: b.enabled ? 1 : 0 } : {}),
      };
      const changes: Change[] = diff(before as unknown as Record<string, unknown>, set, Object.keys(set));
      // The history says the secret changed, never what it was or became.
      if (b.clientSecret !== undefined && b.clientSecret !== before.client_secret) changes.push({ field: 'client_secret', old: null, new: null });
      if (!changes.length) return before;
      const after = await scoped(tx)
        .updateTable('oidc_provider')
        .set({ ...set, ...(b.clientSecret !== undefined ? { client_secret: b.clientSecret } : {}) })
        .where('id', '=', req.params.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(tx, authEvents.oidcProviderUpdated, { entityType: 'oidc_provider', entityId: before.id, changes });
      return after;
    });
    return toView(row);
  });

  app.delete('/api/admin/oidc-providers/:id', { config: admin, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await platform.transaction(req.ctx, async (tx) => {
      const before = await scoped(tx).selectFrom('oidc_provider').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!before) throw errors.notFound();
      // Its identity links go with it (foreign key cascade): the same people sign in again by e-mail.
      await scoped(tx).deleteFrom('oidc_provider').where('id', '=', req.params.id).execute();
      await recordEvent(tx, authEvents.oidcProviderDeleted, { entityType: 'oidc_provider', entityId: before.id, payload: { label: before.label } });
    });
    return { ok: true as const };
  });
}
