import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guardedFetch, OutboundRefused } from '../../platform/http/outbound.js';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';

/** A local HTTP server that records every request it receives and answers as an issuer would. */
async function recordingServer(host: string, handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (handler) return handler(req, res);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ issuer: `http://${host}`, authorization_endpoint: `http://${host}/auth`, token_endpoint: `http://${host}/token`, jwks_uri: `http://${host}/jwks` }));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    hits,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HTTPS_ONLY = 'Адрес провайдера должен начинаться с https://';
const PRIVATE = 'Адрес провайдера ведёт во внутреннюю сеть или на этот сервер. Такие адреса разрешает только администратор сервера (OIDC_ALLOW_PRIVATE)';

describe('OpenID Connect issuers without OIDC_ALLOW_PRIVATE', () => {
  let t: TestApp;
  let p: TestPortal;
  let admin: Agent;
  let local: Awaited<ReturnType<typeof recordingServer>>;

  beforeAll(async () => {
    local = await recordingServer('127.0.0.1');
    t = await startTestApp();
    p = await buildPortal(t);
    admin = await signIn(t, p.portal.name, p.users.admin.email);
  });
  afterAll(async () => {
    await local?.close();
    await t?.dispose();
  });
  beforeEach(() => {
    local.hits.length = 0;
  });

  it('refuses at save plain http and loopback, private, link-local, CGNAT, unspecified and multicast addresses', async () => {
    const port = local.port;
    const cases: [string, string][] = [
      [`http://127.0.0.1:${port}`, HTTPS_ONLY],
      ['http://id.example.com/realms/main', HTTPS_ONLY],
      [`https://127.0.0.1:${port}/realms/main`, PRIVATE],
      [`https://localhost:${port}`, PRIVATE],
      [`https://[::1]:${port}`, PRIVATE],
      [`https://[::ffff:127.0.0.1]:${port}`, PRIVATE],
      [`https://2130706433:${port}`, PRIVATE], // 127.0.0.1 written as one number
      ['https://10.1.2.3', PRIVATE],
      ['https://172.16.5.4', PRIVATE],
      ['https://192.168.0.10', PRIVATE],
      ['https://100.64.0.1', PRIVATE],
      ['https://169.254.169.254/latest/meta-data', PRIVATE],
      ['https://[fe80::1]', PRIVATE],
      ['https://[fd12:3456::1]', PRIVATE],
      ['https://0.0.0.0', PRIVATE],
      ['https://224.0.0.1', PRIVATE],
    ];
    for (const [issuer, message] of cases) {
      const res = await admin.post('/api/admin/oidc-providers', { label: 'SSO', issuer, clientId: 'portal', clientSecret: 'secret-value' });
      expect(res.statusCode, issuer).toBe(400);
      expect(res.json().error.fields, issuer).toEqual([{ field: 'issuer', message }]);
    }
    // In the administrator's language.
    expect((await admin.put('/api/me/language', { language: 'en' })).statusCode).toBe(200);
    const en = await admin.post('/api/admin/oidc-providers', { label: 'SSO', issuer: `https://localhost:${port}`, clientId: 'portal', clientSecret: 'secret-value' });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.fields).toEqual([
      { field: 'issuer', message: 'The issuer address leads into a private network or to this server. Only the server operator can allow such addresses (OIDC_ALLOW_PRIVATE)' },
    ]);
    expect((await admin.put('/api/me/language', { language: 'ru' })).statusCode).toBe(200);
    expect(await t.platform.db.selectFrom('oidc_provider').selectAll().where('portal_id', '=', p.portal.id).execute()).toEqual([]);

    // A public https name is accepted; changing it to a loopback address is refused the same way.
    const created = await admin.post('/api/admin/oidc-providers', { label: 'SSO', issuer: 'https://id.example.test/realms/main', clientId: 'portal', clientSecret: 'secret-value' });
    expect(created.statusCode, created.body).toBe(200);
    const patched = await admin.patch(`/api/admin/oidc-providers/${created.json().id}`, { issuer: `http://127.0.0.1:${port}` });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.fields).toEqual([{ field: 'issuer', message: HTTPS_ONLY }]);
    const row = await t.platform.db.selectFrom('oidc_provider').select('issuer').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row.issuer).toBe('https://id.example.test/realms/main');
    expect(local.hits).toEqual([]);
    await admin.del(`/api/admin/oidc-providers/${created.json().id}`);
  });

  it('sends no request to a local issuer when an anonymous visitor starts a sign-in', async () => {
    // Saved while the operator allowed it, or a name that has since come to point here.
    const port = local.port;
    for (const issuer of [`http://127.0.0.1:${port}`, `https://127.0.0.1:${port}`, `http://localhost:${port}/realm`, `https://localhost:${port}`]) {
      const row = await t.platform.db
        .insertInto('oidc_provider')
        .values({ portal_id: p.portal.id, label: 'Local', issuer, client_id: 'portal', client_secret: 'secret-value', enabled: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const res = await t.app.inject({ method: 'GET', url: `/api/auth/oidc/${row.id}/start?portal=${p.portal.name}` });
      expect(res.statusCode, issuer).toBe(302);
      expect(res.headers.location, issuer).toMatch(/\/login\?error=oidc_failed$/);
      expect(res.headers['set-cookie'], issuer).toBeUndefined();
    }
    expect(local.hits).toEqual([]);
  });
});

describe('the guarded fetch of outside addresses', () => {
  // 127.0.0.2 stands in for a public address; 127.0.0.1 is the private target.
  const policy = { allowPrivate: false, allowHttp: true, isPublic: (ip: string) => ip === '127.0.0.2' };
  let target: Awaited<ReturnType<typeof recordingServer>>;
  let outside: Awaited<ReturnType<typeof recordingServer>>;

  beforeAll(async () => {
    target = await recordingServer('127.0.0.1');
    outside = await recordingServer('127.0.0.2', (req, res) => {
      const to: Record<string, string> = {
        '/to-private': `http://127.0.0.1:${target.port}/secret`,
        '/to-localhost': `http://localhost:${target.port}/secret`,
        '/to-metadata': 'http://169.254.169.254/latest/meta-data',
        '/to-public': '/final',
      };
      if (to[req.url!]) {
        res.writeHead(302, { location: to[req.url!] });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('fine');
      }
    });
  });
  afterAll(async () => {
    await target?.close();
    await outside?.close();
  });

  it('follows redirects only to allowed addresses, checking every hop before connecting', async () => {
    const fetch = guardedFetch(policy);
    const base = `http://127.0.0.2:${outside.port}`;
    expect(await (await fetch(`${base}/to-public`)).text()).toBe('fine');
    for (const path of ['/to-private', '/to-localhost', '/to-metadata']) {
      await expect(fetch(`${base}${path}`), path).rejects.toBeInstanceOf(OutboundRefused);
    }
    // Not followed at all when the caller handles redirects itself, as the OpenID client does.
    const manual = await fetch(`${base}/to-private`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(target.hits).toEqual([]);
  });

  it('refuses a name with any private address among its addresses, and plain http unless allowed', async () => {
    const outsideHits = outside.hits.length;
    const rebinding = guardedFetch({
      ...policy,
      lookup: async () => [
        { address: '127.0.0.2', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
    await expect(rebinding(`http://idp.example.test:${target.port}/`)).rejects.toBeInstanceOf(OutboundRefused);
    const strict = guardedFetch({ allowPrivate: false, isPublic: policy.isPublic });
    await expect(strict(`http://127.0.0.2:${outside.port}/final`)).rejects.toBeInstanceOf(OutboundRefused);
    expect(outside.hits.length).toBe(outsideHits);
    expect(target.hits).toEqual([]);
  });
});
