import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../src/app.js';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../harness.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  POLICIES,
  SECRET,
  apiRoutes,
  spellings,
  changedTables,
  expectErrorShape,
  fillUrl,
  portalIds,
  routeKey,
  seedSecrets,
  send,
  snapshot,
  tableColumns,
  tableForParam,
  versionOf,
  type SendOptions,
} from './helpers.js';
import { concreteUrl, idParams, nameVariants, sampleFor, seedThroughApi, type Fixture } from './samples.js';
import { setOperator } from '../../src/modules/operator/service.js';

/**
 * Walks every registered route: each declares who may call it; without a session nothing but
 * public routes answer; a user of portal B finds nothing of portal A, whether by addressing
 * portal A or by sending A's ids to B.
 */

/** Routes anyone may call. A new one is a deliberate decision: add it here after a review. */
const PUBLIC_ROUTES = new Set([
  'GET /api/healthz',
  'GET /api/portal/info',
  'GET /api/help',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/password/forgot',
  'POST /api/auth/password/set',
  'GET /api/auth/token/:token',
  'GET /api/auth/oidc/:providerId/start',
  'GET /api/auth/oidc/callback',
  // An incoming webhook of a stage trigger: the token in the address is the credential.
  'GET /api/automation/hook/:token',
  'POST /api/automation/hook/:token',
  // A calendar's .ics subscription: the secret in the address is the credential (calendar programs send no cookies).
  'GET /api/calendar/feed/:token',
  // A meeting guest outside the portal answers by the secret of their invitation (page, form, or iCalendar REPLY).
  'GET /api/calendar/guest/:token',
  'POST /api/calendar/guest/:token',
  // A drive's public link («Получить публичную ссылку»): the secret in the address is the credential, with an optional password; rate-limited.
  'GET /api/public/drive/:token',
  'POST /api/public/drive/:token/unlock',
  'GET /api/public/drive/:token/content',
]);

let t: TestApp;
let A: TestPortal;
let B: TestPortal;
let adminB: Agent;
let columns: Record<string, string[]>;
let fxA: Fixture;
let fxB: Fixture;
let routes: RouteEntry[];
const NO_SUCH_ID = 2_000_000_000;

beforeAll(async () => {
  t = await startTestApp({ lockAccountAfter: 1000, lockAddressAfter: 100_000 });
  A = await buildPortal(t);
  B = await buildPortal(t);
  await seedSecrets(t, A);
  columns = await tableColumns(t);
  routes = apiRoutes(t);
  fxA = { t, p: A, ids: await portalIds(t, A.portal.id, columns) };
  await seedThroughApi(fxA, await signIn(t, A.portal.name, A.users.admin.email), routes, () => portalIds(t, A.portal.id, columns));
  fxB = { t, p: B, ids: await portalIds(t, B.portal.id, columns) };
  adminB = await signIn(t, B.portal.name, B.users.admin.email);
  // A real socket as well: an HTTP client sends the address exactly as written (`--path-as-is`).
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.dispose());

interface RawResponse {
  statusCode: number;
  body: string;
  json(): any;
}

/** One request over the socket with the path exactly as given: no client normalises it. */
function rawRequest(method: string, pathAsIs: string, headers: Record<string, string>, body?: unknown): Promise<RawResponse> {
  const { port } = t.app.server.address() as AddressInfo;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: pathAsIs, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ statusCode: res.statusCode!, body: text, json: () => JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const nonPublic = () => routes.filter((r) => r.config.policy !== 'public');
const memberRoutes = () => routes.filter((r) => r.config.policy === 'member' || r.config.policy === 'admin');

/** Runs `check` for every item and reports all failures at once, not just the first. */
async function everyOf<T>(items: T[], label: (x: T) => string, check: (x: T) => Promise<void>): Promise<void> {
  const failures: string[] = [];
  for (const item of items) {
    try {
      await check(item);
    } catch (e) {
      failures.push(`${label(item)}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  expect(failures).toEqual([]);
}

describe('route walker', () => {
  it('finds every route, and every /api route declares public, session, member or admin', () => {
    const keys = routes.map(routeKey);
    for (const known of ['GET /api/users/:id', 'PATCH /api/users/:id', 'POST /api/departments', 'POST /api/notifications/:id/read', 'GET /api/realtime']) {
      expect(keys).toContain(known);
    }
    expect(routes.filter((r) => !POLICIES.includes(r.config.policy!)).map(routeKey)).toEqual([]);
    expect(routes.filter((r) => r.config.policy === 'public' && !PUBLIC_ROUTES.has(routeKey(r))).map(routeKey), 'public routes nobody reviewed').toEqual([]);
    // Only routes that start or end a session may skip the CSRF check.
    expect(routes.filter((r) => r.config.csrfExempt && r.config.policy !== 'public').map(routeKey)).toEqual([]);
  });

  it('answers 401 in the error shape to every non-public route without a session, and writes nothing', async () => {
    const before = await snapshot(t, columns);
    await everyOf(nonPublic(), routeKey, async (r) => {
      const { params, body } = await sampleFor(r, fxA);
      const url = fillUrl(r.url, params);
      for (const cookie of [undefined, 'sid=forged-session-token; csrf=forged']) {
        const res = await send(t, null, A.portal.name, r.method, url, body, { headers: { ...(cookie ? { cookie, 'x-csrf-token': 'forged' } : {}) } });
        expectErrorShape(res, `${routeKey(r)} ${cookie ? 'forged cookie' : 'anonymous'}`, { status: 401, code: 'unauthenticated' });
      }
    });
    expect(changedTables(before, await snapshot(t, columns))).toEqual([]);
  });

  it('checks every spelling of every route as the route itself: encoded, doubled slashes, dot segments, mixed case', async () => {
    const before = await snapshot(t, columns);
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      // Public writes (sign-in, a reset request) rightly write: their spellings are swept by the fuzz tests.
      await everyOf(
        routes.filter((r) => !r.websocket && (r.config.policy !== 'public' || r.method === 'GET')),
        routeKey,
        async (r) => {
          const { params, body } = await sampleFor(r, fxA);
          const url = fillUrl(r.url, params);
          for (const s of spellings(url)) {
            const label = `${routeKey(r)} as ${s.url} (${s.how})`;
            // Anonymous: the route's own answer (401) or no route at all, never a handler unchecked.
            const anon = await rawRequest(r.method, s.url, { 'x-portal': A.portal.name }, body);
            expect(anon.statusCode, `${label}: ${anon.body.slice(0, 200)}`).toBeLessThan(500);
            if (r.config.policy !== 'public') {
              expect([401, 404], `${label}: ${anon.body.slice(0, 200)}`).toContain(anon.statusCode);
              expect(['unauthenticated', 'route_not_found'], label).toContain(anon.json().error.code);
            }
            // A member of portal B addressing portal A: nothing there, in any spelling.
            if (r.config.policy === 'member' || r.config.policy === 'admin') {
              const cookie = Object.entries(adminB.cookies)
                .map(([k, v]) => `${k}=${v}`)
                .join('; ');
              const cross = await rawRequest(r.method, s.url, { 'x-portal': A.portal.name, cookie, 'x-csrf-token': adminB.csrf }, body);
              expect(cross.statusCode, `${label} by portal B: ${cross.body.slice(0, 200)}`).toBe(404);
              expect(cross.body).not.toContain(SECRET);
            }
          }
        },
      );
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections.map(String)).toEqual([]);
    // The server is still there to answer.
    expect((await rawRequest('GET', '/api/healthz', {})).statusCode).toBe(200);
    expect(changedTables(before, await snapshot(t, columns))).toEqual([]);
  });

  it('gives an administrator of portal B "not found" on every member and admin route of portal A, and writes nothing', async () => {
    const before = await snapshot(t, columns);
    const addressing: [string, (url: string) => [string, SendOptions]][] = [
      ['X-Portal header', (url) => [url, {}]],
      ['host name', (url) => [url, { noPortalHeader: true, headers: { host: `${A.portal.name}.${t.config.baseHost}` } }]],
      ['?portal=', (url) => [`${url}${url.includes('?') ? '&' : '?'}portal=${A.portal.name}`, { noPortalHeader: true }]],
    ];
    await everyOf(memberRoutes(), routeKey, async (r) => {
      const { params, body } = await sampleFor(r, fxA);
      for (const [how, address] of addressing) {
        const [url, opts] = address(fillUrl(r.url, params));
        const res = await send(t, adminB, A.portal.name, r.method, url, body, opts);
        const e = expectErrorShape(res, `${routeKey(r)} by ${how}`, { status: 404, code: 'not_found' });
        expect(e.message).toBe('Не найдено');
        expect(res.body).not.toContain(SECRET);
      }
    });
    // Routes of the account itself say nothing about portal A either.
    const me = await send(t, adminB, A.portal.name, 'GET', '/api/auth/me');
    expectErrorShape(me, 'me at portal A', { status: 401 });
    const portals = await send(t, adminB, A.portal.name, 'GET', '/api/passport/portals');
    expect(portals.json().portals.map((x: { name: string }) => x.name)).toEqual([B.portal.name]);
    expect(changedTables(before, await snapshot(t, columns))).toEqual([]);
  });

  it('answers "not found" to portal B for the ids of portal A\'s items in every route path, and writes nothing', async () => {
    const before = await snapshot(t, columns);
    const tables = Object.keys(fxA.ids);
    const withIds = nonPublic().filter((r) => idParams(r).length > 0 || r.url === '/api/history/:entityType/:entityId');
    const uncovered: string[] = [];
    let tried = 0;
    let notFound = 0;
    await everyOf(withIds, routeKey, async (r) => {
      const { params, body } = await sampleFor(r, fxB);
      const targets: Record<string, string | number>[] = [];
      if (r.url === '/api/history/:entityType/:entityId') {
        targets.push({ entityType: 'user', entityId: A.users.employee.id }, { entityType: 'department', entityId: A.departments.team });
      } else {
        for (const variant of nameVariants(r)) {
          for (const name of idParams(r)) {
            const table = tableForParam(concreteUrl(r.url, variant), name, tables);
            const ids = table ? (fxA.ids[table] ?? []) : [];
            if (!ids.length) uncovered.push(`${r.method} ${concreteUrl(r.url, variant)} (${table ?? 'no table'})`);
            // Every row portal A has, each in turn: some routes treat the first rows specially.
            for (const id of ids) targets.push({ ...variant, [name]: id });
          }
        }
      }
      for (const target of targets) {
        tried++;
        const label = `${routeKey(r)} ${JSON.stringify(target)}`;
        const res = await send(t, adminB, B.portal.name, r.method, fillUrl(r.url, { ...params, ...target }), body);
        const e = expectErrorShape(res, label);
        expect(res.body).not.toContain(SECRET);
        // Portal A's item must be indistinguishable from one that does not exist at all.
        const missing = Object.fromEntries(
          Object.keys(target)
            .filter((k) => k === 'entityId' || idParams(r).includes(k))
            .map((k) => [k, NO_SUCH_ID]),
        );
        const control = await send(t, adminB, B.portal.name, r.method, fillUrl(r.url, { ...params, ...target, ...missing }), body);
        expect(res.statusCode, `${label}: ${res.body} vs a missing id: ${control.body}`).toBe(control.statusCode);
        expect({ code: e.code, fields: e.fields }, label).toEqual({ code: control.json().error.code, fields: control.json().error.fields });
        if (res.statusCode === 404) notFound++;
      }
    });
    expect(uncovered, 'routes whose ids the walker cannot take from portal A: give it such rows (seedSecrets, or CREATORS in samples.ts)').toEqual([]);
    expect(tried).toBeGreaterThan(20);
    // The users, departments, notifications and history routes get valid samples: those answer 404.
    expect(notFound).toBeGreaterThan(15);
    expect(changedTables(before, await snapshot(t, columns))).toEqual([]);
  });

  it('answers "not found" to an id no row can have in any id of any path (past 2³¹−1, zero, negative, text), and writes nothing', async () => {
    const before = await snapshot(t, columns);
    const withIds = memberRoutes().filter((r) => idParams(r).length > 0 || r.url === '/api/history/:entityType/:entityId');
    await everyOf(withIds, routeKey, async (r) => {
      const { params, body } = await sampleFor(r, fxB);
      const names = r.url === '/api/history/:entityType/:entityId' ? ['entityId'] : idParams(r);
      for (const bad of ['2147483648', '99999999999999999999', '0', '-1', '1.5', 'abc']) {
        for (const name of names) {
          const res = await send(t, adminB, B.portal.name, r.method, fillUrl(r.url, { ...params, [name]: bad }), body);
          expectErrorShape(res, `${routeKey(r)} ${name}=${bad}`, { status: 404, code: 'not_found' });
        }
      }
    });
    expect(changedTables(before, await snapshot(t, columns))).toEqual([]);
  });

  it("refuses references to portal A's items inside bodies sent to portal B, and writes nothing", async () => {
    const before = await snapshot(t, columns);
    const v = (table: string, id: number) => versionOf(t, table, id);
    const cases: [string, string, unknown][] = [
      ['PATCH', `/api/users/${B.users.other.id}`, { version: await v('app_user', B.users.other.id), departmentId: A.departments.team }],
      ['PATCH', `/api/users/${B.users.other.id}`, { version: await v('app_user', B.users.other.id), managerId: A.users.head.id }],
      ['POST', '/api/departments', { name: 'Чужой родитель', parentId: A.departments.root }],
      ['POST', '/api/departments', { name: 'Чужой руководитель', headId: A.users.admin.id }],
      ['PATCH', `/api/departments/${B.departments.team}`, { version: await v('department', B.departments.team), parentId: A.departments.root }],
      ['PATCH', `/api/departments/${B.departments.team}`, { version: await v('department', B.departments.team), headId: A.users.head.id }],
      ['POST', '/api/users/invite', { login: `cross.${B.portal.name}@example.test`, firstName: 'Кросс', lastName: 'Порталов', departmentId: A.departments.team }],
    ];
    await everyOf(
      cases,
      ([m, u, b]) => `${m} ${u} ${JSON.stringify(b)}`,
      async ([method, url, body]) => {
        const res = await send(t, adminB, B.portal.name, method, url, body);
        const e = expectErrorShape(res, `${method} ${url}`);
        expect([400, 404]).toContain(res.statusCode);
        if (res.statusCode === 400)
          expect(
            e.fields?.some((f) => f.message === 'Не найдено'),
            res.body,
          ).toBe(true);
      },
    );
    expect(changedTables(before, await snapshot(t, columns))).toEqual([]);
  });

  it('shows portal B nothing of portal A in any list, search or item it reads', async () => {
    const secretDept = fxA.ids.department!.at(-1)!;
    const reads = memberRoutes().filter((r) => r.method === 'GET' && !r.websocket);
    // The search index follows the writes through the events outbox: portal A's secrets are in it now.
    await t.platform.events.drain();
    const urls = [
      ...(await Promise.all(reads.map(async (r) => fillUrl(r.url, (await sampleFor(r, fxB)).params)))),
      `/api/users?status=all&search=${encodeURIComponent(SECRET)}`,
      `/api/users?status=all&departmentId=${secretDept}`,
      `/api/users?status=all&search=${encodeURIComponent(A.portal.name)}`,
      `/api/search?q=${encodeURIComponent(SECRET)}`,
      `/api/search?q=${encodeURIComponent(A.users.admin.email)}`,
      `/api/search/page?q=${encodeURIComponent(SECRET)}`,
      `/api/search/page?q=${encodeURIComponent(A.users.admin.email)}`,
      `/api/history/department/${secretDept}`,
      '/api/auth/me',
      '/api/passport/portals',
    ];
    await everyOf(
      urls,
      (u) => u,
      async (url) => {
        const res = await send(t, adminB, B.portal.name, 'GET', url);
        expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
        expect(res.body).not.toContain(SECRET);
        expect(res.body).not.toContain(A.portal.name);
      },
    );
    // The walk saw portal B's own data, so it would have seen a leak.
    const own = await send(t, adminB, B.portal.name, 'GET', '/api/users?status=all');
    expect(own.json().total).toBeGreaterThanOrEqual(4);
  });

  it("refuses the install operator's routes to a portal administrator who is not its operator, and writes nothing; its operator gets them", async () => {
    const operatorRoutes = routes.filter((r) => r.url.startsWith('/api/operator/') && r.url !== '/api/operator/me');
    expect(operatorRoutes.map(routeKey)).toEqual(expect.arrayContaining(['GET /api/operator/portals', 'POST /api/operator/portals']));
    expect(operatorRoutes.filter((r) => r.config.policy !== 'session').map(routeKey), 'operator routes live at the central address').toEqual([]);
    const before = await snapshot(t, columns);
    await everyOf(operatorRoutes, routeKey, async (r) => {
      const { params, body } = await sampleFor(r, fxB);
      // At the central address and at the administrator's own portal alike.
      for (const portal of [null, B.portal.name]) {
        const res = await send(t, adminB, portal, r.method, fillUrl(r.url, params), body);
        expectErrorShape(res, `${routeKey(r)} at ${portal ?? 'the central address'}`, { status: 403, code: 'forbidden' });
      }
    });
    expect(changedTables(before, await snapshot(t, columns))).toEqual([]);
    // The same requests from an operator succeed: the samples are real requests.
    await setOperator(t.platform, B.users.admin.email, true);
    try {
      await everyOf(operatorRoutes, routeKey, async (r) => {
        const { params, body } = await sampleFor(r, fxB);
        const res = await send(t, adminB, null, r.method, fillUrl(r.url, params), body);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      });
    } finally {
      await setOperator(t.platform, B.users.admin.email, false);
    }
  });
});
