import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../harness.js';
import { SECRET, changedTables, routeKey, seedSecrets, snapshot, spellings, tableColumns } from './helpers.js';

/**
 * The drive's network folder (WebDAV) lives outside /api and authenticates by HTTP Basic on every
 * request, not by the session: the route walker's checks, for it. Every method of every one of
 * its routes, in every spelling of the address: nothing without the password, nothing with a
 * session cookie alone, nothing of portal A with portal B's password, and nothing written.
 */

const DAV_METHODS = ['OPTIONS', 'GET', 'HEAD', 'PUT', 'DELETE', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK'];

let t: TestApp;
let A: TestPortal;
let B: TestPortal;
let memberA: Agent;
let columns: Record<string, string[]>;

beforeAll(async () => {
  t = await startTestApp({ lockAccountAfter: 100_000, lockAddressAfter: 1_000_000 });
  A = await buildPortal(t);
  B = await buildPortal(t);
  await seedSecrets(t, A);
  columns = await tableColumns(t);
  memberA = await signIn(t, A.portal.name, A.users.employee.email);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.dispose());

/** One request with the path exactly as given. */
function rawRequest(method: string, pathAsIs: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { port } = t.app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: pathAsIs, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const basic = (login: string, password = PASSWORD) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
const davRoutes = () => t.routes.filter((r) => /^\/(p\/:portal\/)?dav(\/|$)/.test(r.url));

/** Each route's address with its parameters filled: the portal A, a folder and a file below «Мой диск». */
const addresses = (url: string) => {
  const filled = url.replace(':portal', A.portal.name);
  return filled.endsWith('*') ? [filled.slice(0, -1) + encodeURIComponent('Мой диск') + '/', filled.slice(0, -1) + `${encodeURIComponent('Мой диск')}/x.txt`] : [filled, filled + '/'];
};

/** What a request of `method` sends: a Destination for COPY and MOVE, an XML body where WebDAV has one, bytes for PUT. */
function requestOf(method: string, url: string): { headers: Record<string, string>; body?: string } {
  if (method === 'COPY' || method === 'MOVE') return { headers: { destination: url.replace(/x\.txt$/, 'y.txt'), overwrite: 'T' } };
  if (method === 'PROPFIND') return { headers: { depth: '1', 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>' };
  if (method === 'PUT') return { headers: { 'content-type': 'text/plain' }, body: SECRET };
  return { headers: {} };
}

describe('WebDAV route walker', () => {
  it('registers every WebDAV method on each of its addresses, each with a policy', () => {
    const routes = davRoutes();
    expect(new Set(routes.map((r) => r.url))).toEqual(new Set(['/dav', '/dav/*', '/p/:portal/dav', '/p/:portal/dav/*']));
    for (const url of new Set(routes.map((r) => r.url))) {
      expect(
        routes
          .filter((r) => r.url === url)
          .map((r) => r.method)
          .sort(),
        url,
      ).toEqual(DAV_METHODS.filter((m) => m !== 'HEAD').sort());
    }
    // Public to the request context only because the credential is checked by the route itself, on every request.
    expect(routes.filter((r) => r.config.policy !== 'public').map(routeKey)).toEqual([]);
  });

  it('answers 401 (or no route) to every method in every spelling without the password, with a session cookie alone, and with another portal’s password; writes nothing', async () => {
    const before = await snapshot(t, columns);
    const cookie = Object.entries(memberA.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const adminB = basic(B.users.admin.email);
    const failures: string[] = [];
    for (const r of davRoutes()) {
      for (const address of addresses(r.url)) {
        for (const s of [{ how: 'as registered', url: address }, ...spellings(address)]) {
          const { headers, body } = requestOf(r.method, s.url);
          const who: [string, Record<string, string>][] = [
            ['anonymous', {}],
            ['session cookie of portal A', { cookie, 'x-csrf-token': memberA.csrf, 'x-portal': A.portal.name }],
            ['a malformed Basic', { authorization: 'Basic ###' }],
          ];
          // A password costs a hash: portal B's is tried on each method and address as registered (the portal is decided after routing, alike for every spelling).
          if (s.how === 'as registered') who.push(['password of portal B', { authorization: adminB }]);
          for (const [name, extra] of who) {
            const label = `${r.method} ${s.url} (${s.how}) by ${name}`;
            const res = await rawRequest(r.method, s.url, { ...headers, ...extra }, body);
            // A spelling that is no address at all (escapes of escapes: `%%44`) is refused before any route.
            const malformed = res.status === 400 && s.how !== 'as registered' && JSON.parse(res.body).error?.code === 'bad_request' && !res.headers['dav'];
            // A spelling no route takes (`//dav`, `/Dav`) is a page of the web app, when it is built: its shell, no data.
            const shell = s.how !== 'as registered' && res.status === 200 && ['GET', 'HEAD'].includes(r.method) && /^text\/html/.test(String(res.headers['content-type'])) && !res.headers['dav'];
            if (![401, 404].includes(res.status) && !malformed && !shell) failures.push(`${label}: ${res.status} ${res.body.slice(0, 120)}`);
            else if (res.body.includes(SECRET)) failures.push(`${label}: leaks`);
            else if (res.status === 401 && !/^Basic /.test(String(res.headers['www-authenticate']))) failures.push(`${label}: no Basic challenge`);
            // Each failure is counted (and slowed past a few): cleared here so that the walk stays fast.
            if (name === 'password of portal B') await t.platform.db.deleteFrom('login_attempt').execute();
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect((await rawRequest('GET', '/api/healthz', {})).status).toBe(200);
    // Nothing but the counted failures of portal B's password (cleared above).
    expect(changedTables(before, await snapshot(t, columns)).filter((change) => !change.startsWith('login_attempt:'))).toEqual([]);
  }, 180_000);

  it('gives the right password the same place in every spelling that reaches the route, or refuses the spelling, never another place', async () => {
    const auth = basic(A.users.employee.email);
    const canonical = await rawRequest('PROPFIND', `/p/${A.portal.name}/dav/${encodeURIComponent('Мой диск')}/`, { authorization: auth, depth: '0' });
    expect(canonical.status).toBe(207);
    const hrefOf = (xml: string) => /<D:href>([^<]*)<\/D:href>/.exec(xml)?.[1];
    for (const s of spellings(`/p/${A.portal.name}/dav/${encodeURIComponent('Мой диск')}/`)) {
      const res = await rawRequest('PROPFIND', s.url, { authorization: auth, depth: '0' });
      expect([207, 400, 404], `${s.how}: ${res.status} ${res.body.slice(0, 120)}`).toContain(res.status);
      if (res.status === 207) expect(hrefOf(res.body), s.how).toBe(hrefOf(canonical.body));
    }
  });
});
