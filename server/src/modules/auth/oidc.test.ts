import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error oidc-provider ships no type declarations
import Provider from 'oidc-provider';
import { portalUrl } from './service.js';
import { agent, buildPortal, signIn, startTestApp, PASSWORD, type TestApp, type TestPortal } from '../../../test/harness.js';
import { addMember } from '../users/provision.js';

/** What the provider says about each of its users; tests change it between sign-ins. */
const people = new Map<string, { email?: string; email_verified?: boolean }>();

/** A real OpenID Connect provider on a free local port, with its development login and consent pages. */
async function startProvider(redirectUri: string) {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'portal', client_secret: 'portal-secret-value', redirect_uris: [redirectUri] }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    async findAccount(_ctx: unknown, sub: string) {
      return { accountId: sub, claims: async () => ({ sub, ...(people.get(sub) ?? {}) }) };
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies per origin, as a browser keeps them. */
class Browser {
  jars = new Map<string, Map<string, string>>();

  jar(origin: string): Map<string, string> {
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin)!;
  }

  async fetch(url: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const jar = this.jar(url.origin);
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (gone || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }
}

let t: TestApp;
let p: TestPortal;
let other: TestPortal;
let appUrl: string;
let idp: Awaited<ReturnType<typeof startProvider>>;
let providerId: number;

/**
 * Follows the browser's way from our start address through the provider's login and consent
 * pages (answered as `subject`, or aborted) back to our callback; stops at the first address
 * outside the API and returns it.
 */
async function signInWithProvider(subject: string, opts: { browser?: Browser; start?: string; abort?: boolean; tamper?: (b: Browser) => void } = {}) {
  const browser = opts.browser ?? new Browser();
  let url = new URL(opts.start ?? `/api/auth/oidc/${providerId}/start?portal=${p.portal.name}`, appUrl);
  for (let hop = 0; hop < 20; hop++) {
    if (url.origin === appUrl && url.pathname === '/api/auth/oidc/callback') opts.tamper?.(browser);
    const res = await browser.fetch(url);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      const stillInFlow = next.origin === idp.issuer || (next.origin === appUrl && next.pathname.startsWith('/api/'));
      if (!stillInFlow) return { location: next, browser, status: res.status };
      url = next;
      continue;
    }
    if (res.status !== 200 || !url.pathname.startsWith('/interaction/')) return { location: null, browser, status: res.status, body: await res.text() };
    const page = await res.text();
    if (opts.abort) {
      url = new URL(`${url.pathname}/abort`, url);
      continue;
    }
    const form: Record<string, string> = page.includes('name="prompt" value="login"') ? { prompt: 'login', login: subject, password: 'any' } : { prompt: 'consent' };
    const posted = await browser.fetch(url, { method: 'POST', form });
    expect(posted.status, `interaction ${form.prompt}`).toBe(303);
    url = new URL(posted.headers.get('location')!, url);
  }
  throw new Error('too many redirects');
}

async function me(browser: Browser, portal = p.portal.name) {
  const res = await browser.fetch(new URL(`/api/auth/me?portal=${portal}`, appUrl));
  return { status: res.status, body: (await res.json()) as { user: { id: number } } };
}

async function identities(subject: string) {
  return t.platform.db.selectFrom('oidc_identity').selectAll().where('provider_id', '=', providerId).where('subject', '=', subject).execute();
}

beforeAll(async () => {
  // The provider runs on this machine over plain http: only where the operator allows it.
  t = await startTestApp({ oidcAllowPrivate: true });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  appUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  idp = await startProvider(`${appUrl}/api/auth/oidc/callback`);
  p = await buildPortal(t);
  other = await buildPortal(t);
  const admin = await signIn(t, p.portal.name, p.users.admin.email);
  const res = await admin.post('/api/admin/oidc-providers', { label: 'Company SSO', issuer: idp.issuer, clientId: 'portal', clientSecret: 'portal-secret-value', enabled: true });
  expect(res.statusCode, res.body).toBe(200);
  providerId = res.json().id;
});
afterAll(async () => {
  await idp?.close();
  await t?.dispose();
});

describe('sign-in through an OpenID Connect provider', () => {
  it('lists the provider on the sign-in page of its portal only', async () => {
    expect((await agent(t, p.portal.name).get('/api/portal/info')).json().oidc).toEqual([{ id: providerId, label: 'Company SSO' }]);
    expect((await agent(t, other.portal.name).get('/api/portal/info')).json().oidc).toEqual([]);
  });

  it('signs a member in by a verified e-mail, links the subject, and reuses the link next time', async () => {
    people.set('emp-1', { email: p.users.employee.email.toUpperCase(), email_verified: true });
    const start = await fetch(new URL(`/api/auth/oidc/${providerId}/start?portal=${p.portal.name}`, appUrl), { redirect: 'manual' });
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('redirect_uri')).toBe(`${appUrl}/api/auth/oidc/callback`);
    const flowCookie = start.headers.getSetCookie().find((c) => c.startsWith('oidc_flow='))!;
    expect(flowCookie).toMatch(/HttpOnly/i);
    expect(flowCookie).toMatch(/SameSite=Lax/i);

    const first = await signInWithProvider('emp-1');
    expect(first.location?.href).toBe(portalUrl(t.platform, p.portal, '/'));
    expect(first.browser.jar(appUrl).has('oidc_flow')).toBe(false);
    const who = await me(first.browser);
    expect(who.status).toBe(200);
    expect(who.body.user.id).toBe(p.users.employee.id);
    expect(await identities('emp-1')).toHaveLength(1);

    // The provider now says nothing verifiable about the e-mail: the link alone signs the user in.
    people.set('emp-1', { email: 'someone.else@example.test', email_verified: false });
    const second = await signInWithProvider('emp-1');
    expect(second.location?.href).toBe(portalUrl(t.platform, p.portal, '/'));
    expect((await me(second.browser)).body.user.id).toBe(p.users.employee.id);
    expect(await identities('emp-1')).toHaveLength(1);
  });

  it('rotates the session the browser had before', async () => {
    people.set('head-1', { email: p.users.head.email, email_verified: true });
    const before = await signIn(t, p.portal.name, p.users.other.email);
    const browser = new Browser();
    browser.jar(appUrl).set('sid', before.cookies.sid!);
    const done = await signInWithProvider('head-1', { browser });
    expect(done.location?.href).toBe(portalUrl(t.platform, p.portal, '/'));
    expect(browser.jar(appUrl).get('sid')).not.toBe(before.cookies.sid);
    expect((await me(browser)).body.user.id).toBe(p.users.head.id);
    expect((await before.get('/api/auth/me')).statusCode).toBe(401);
  });

  it("binds the session to its portal: it does not open the account's other portals", async () => {
    // The same person (one Passport account) also works in the other portal.
    await t.platform.db.transaction().execute(async (tx) => {
      const ctx = { db: tx, portal: other.portal, actor: null, lang: 'ru' as const, requestId: 'test', sys: t.platform.sys };
      await addMember(ctx, { email: p.users.other.email, password: PASSWORD, firstName: 'Мария', lastName: 'Другова' });
    });
    const byPassword = await signIn(t, other.portal.name, p.users.other.email);
    expect((await byPassword.get('/api/auth/me')).statusCode).toBe(200);

    people.set('both-1', { email: p.users.other.email, email_verified: true });
    const done = await signInWithProvider('both-1');
    expect((await me(done.browser)).body.user.id).toBe(p.users.other.id);
    expect((await me(done.browser, other.portal.name)).status).toBe(401);
  });

  it('refuses a subject that is not registered, with no session', async () => {
    const notRegistered = portalUrl(t.platform, p.portal, '/login?error=oidc_not_registered');
    people.set('stranger', { email: 'stranger@example.test', email_verified: true });
    people.set('unverified', { email: p.users.admin.email, email_verified: false });
    // A member of another portal is not registered at this one.
    people.set('elsewhere', { email: other.users.employee.email, email_verified: true });
    for (const subject of ['stranger', 'unverified', 'elsewhere']) {
      const res = await signInWithProvider(subject);
      expect(res.location?.href, subject).toBe(notRegistered);
      expect(res.browser.jar(appUrl).has('sid'), subject).toBe(false);
      expect(await identities(subject)).toHaveLength(0);
      expect((await me(res.browser)).status).toBe(401);
    }
  });

  it('sends the user back with an error when the provider refuses', async () => {
    const res = await signInWithProvider('emp-1', { abort: true });
    expect(res.location?.href).toBe(portalUrl(t.platform, p.portal, '/login?error=oidc_failed'));
    expect(res.browser.jar(appUrl).has('sid')).toBe(false);
  });

  it('does not let the flow cookie choose another provider or portal', async () => {
    const admin = await signIn(t, other.portal.name, other.users.admin.email);
    const foreign = (await admin.post('/api/admin/oidc-providers', { label: 'Other SSO', issuer: idp.issuer, clientId: 'portal', clientSecret: 'portal-secret-value', enabled: true })).json()
      .id as number;
    people.set('other-emp', { email: other.users.employee.email, email_verified: true });
    const res = await signInWithProvider('other-emp', {
      tamper(browser) {
        // The browser rewrites the flow to name the other portal's provider.
        const jar = browser.jar(appUrl);
        const [body, mac] = jar.get('oidc_flow')!.split('.');
        const flow = JSON.parse(Buffer.from(body!, 'base64url').toString());
        const forged = Buffer.from(JSON.stringify({ ...flow, providerId: foreign, portalId: other.portal.id })).toString('base64url');
        jar.set('oidc_flow', `${forged}.${mac}`);
      },
    });
    // Without a valid flow the portal is unknown: the central sign-in page.
    expect(res.location?.href).toBe(`${t.config.publicUrl}/login?error=oidc_failed`);
    expect(res.browser.jar(appUrl).has('sid')).toBe(false);
    expect(await t.platform.db.selectFrom('oidc_identity').selectAll().where('subject', '=', 'other-emp').execute()).toHaveLength(0);
    // A callback with no flow at all fails the same way.
    const bare = await fetch(new URL('/api/auth/oidc/callback?code=x&state=y', appUrl), { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toMatch(/\/login\?error=oidc_failed$/);
  });

  it('answers 404 for a provider of another portal, a disabled one, or no portal', async () => {
    const admin = await signIn(t, other.portal.name, other.users.admin.email);
    const foreign = (await admin.post('/api/admin/oidc-providers', { label: 'Foreign', issuer: idp.issuer, clientId: 'portal', clientSecret: 'x-secret', enabled: true })).json().id as number;
    const disabled = (await admin.post('/api/admin/oidc-providers', { label: 'Off', issuer: idp.issuer, clientId: 'portal', clientSecret: 'x-secret', enabled: false })).json().id as number;
    const cases = [
      `/api/auth/oidc/${foreign}/start?portal=${p.portal.name}`,
      `/api/auth/oidc/${disabled}/start?portal=${other.portal.name}`,
      `/api/auth/oidc/${providerId}/start?portal=`,
      `/api/auth/oidc/999999/start?portal=${p.portal.name}`,
    ];
    for (const url of cases) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('not_found');
      expect(res.json().error.requestId, url).toBeTruthy();
      expect(res.headers['set-cookie'], url).toBeUndefined();
    }
  });
});

describe('administration of providers', () => {
  it('is for administrators only', async () => {
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    expect((await employee.get('/api/admin/oidc-providers')).statusCode).toBe(403);
    expect((await employee.post('/api/admin/oidc-providers', { label: 'X', issuer: idp.issuer, clientId: 'c', clientSecret: 's', enabled: true })).statusCode).toBe(403);
    expect((await employee.patch(`/api/admin/oidc-providers/${providerId}`, { enabled: false })).statusCode).toBe(403);
    expect((await employee.del(`/api/admin/oidc-providers/${providerId}`)).statusCode).toBe(403);
    expect((await agent(t, p.portal.name).get('/api/admin/oidc-providers')).statusCode).toBe(401);
  });

  it('creates, lists, changes and deletes without ever returning the secret', async () => {
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const created = await admin.post('/api/admin/oidc-providers', { label: 'Temp', issuer: 'https://id.example.test/realms/main', clientId: 'temp', clientSecret: 'very-secret-1' });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toEqual({ id: expect.any(Number), label: 'Temp', issuer: 'https://id.example.test/realms/main', clientId: 'temp', enabled: true });
    const id = created.json().id as number;

    const list = await admin.get('/api/admin/oidc-providers');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { label: string }) => i.label)).toEqual(['Company SSO', 'Temp']);
    expect(list.json().redirectUri).toMatch(/\/api\/auth\/oidc\/callback$/);

    const patched = await admin.patch(`/api/admin/oidc-providers/${id}`, { label: 'Temp 2', clientSecret: 'very-secret-2', enabled: false });
    expect(patched.json()).toMatchObject({ label: 'Temp 2', enabled: false });
    const row = await t.platform.db.selectFrom('oidc_provider').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.client_secret).toBe('very-secret-2');
    for (const body of [created.body, list.body, patched.body]) {
      expect(body).not.toMatch(/secret/i);
    }

    // Another portal's administrator does not see it.
    const foreignAdmin = await signIn(t, other.portal.name, other.users.admin.email);
    expect((await foreignAdmin.patch(`/api/admin/oidc-providers/${id}`, { label: 'Mine' })).statusCode).toBe(404);
    expect((await foreignAdmin.del(`/api/admin/oidc-providers/${id}`)).statusCode).toBe(404);

    // Plain http and private addresses: see oidc-ssrf.test.ts (this app allows them).
    const badIssuer = await admin.post('/api/admin/oidc-providers', { label: 'Plain', issuer: 'ftp://id.example.test', clientId: 'c', clientSecret: 's' });
    expect(badIssuer.statusCode).toBe(400);
    expect(badIssuer.json().error.fields[0].field).toBe('issuer');

    expect((await admin.del(`/api/admin/oidc-providers/${id}`)).statusCode).toBe(200);
    expect((await admin.del(`/api/admin/oidc-providers/${id}`)).statusCode).toBe(404);
  });
});
