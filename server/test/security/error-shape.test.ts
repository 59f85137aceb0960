import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/app.js';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../harness.js';
import { apiRoutes, changedTables, expectErrorShape, fillUrl, paramsOf, routeKey, send, snapshot, spellings } from './helpers.js';

/** Every failure leaves as `{ error: { code, message, fields?, requestId } }`, localized, with nothing internal. */

// CI repeats one sequence (see write-fuzz.test.ts); locally every run draws anew.
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261127 : undefined;

let t: TestApp;
let p: TestPortal;
let admin: Agent;

beforeAll(async () => {
  t = await startTestApp({ lockAccountAfter: 1000, lockAddressAfter: 100_000 });
  // Routes that fail on purpose, to see what an unexpected failure looks like to a client.
  t.app.get('/api/test/boom', { config: { policy: 'public' } }, async () => {
    throw new Error('secret internal detail at /work/main/server/src/x.ts:1:2');
  });
  t.app.get('/api/test/sql', { config: { policy: 'public' } }, async () =>
    t.platform.db
      .selectFrom('no_such_table' as 'portal')
      .selectAll()
      .execute(),
  );
  p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
});
afterAll(() => t?.dispose());

describe('error shape', () => {
  it('answers an unknown /api address with 404 route_not_found in Russian', async () => {
    for (const [method, url] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/users/1/explode'],
      ['DELETE', '/api/'],
      ['GET', '/api/users/1/2/3?x=1'],
    ]) {
      const res = await send(t, null, p.portal.name, method!, url!, method === 'POST' ? {} : undefined);
      const e = expectErrorShape(res, `${method} ${url}`, { status: 404, code: 'route_not_found' });
      expect(e.message).toBe('Такого адреса нет');
    }
    // Signed in too: the same answer, not a sign-in demand.
    expectErrorShape(await send(t, admin, p.portal.name, 'GET', '/api/no-such-thing'), 'signed in', { status: 404, code: 'route_not_found' });
  });

  it('answers a body over 1 MiB with 413 in the error shape, before any work', async () => {
    const before = await snapshot(t);
    const big = JSON.stringify({ login: 'a@b.cd', password: 'x'.repeat(BODY_LIMIT) });
    for (const [who, url, method] of [
      [null, '/api/auth/login', 'POST'],
      [admin, '/api/departments', 'POST'],
      [admin, `/api/users/${p.users.other.id}`, 'PATCH'],
    ] as const) {
      const res = await send(t, who, p.portal.name, method, url, undefined, { raw: big });
      const e = expectErrorShape(res, `${method} ${url}`, { status: 413, code: 'payload_too_large' });
      expect(e.message).toBe('Слишком большой запрос');
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    for (const raw of ['{', '{"login":', "{'login':'x'}", '{"a":1}{', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      for (const [who, url, method] of [
        [null, '/api/auth/login', 'POST'],
        [admin, '/api/departments', 'POST'],
        [admin, '/api/shell/settings', 'PUT'],
      ] as const) {
        const res = await send(t, who, p.portal.name, method, url, undefined, { raw });
        const e = expectErrorShape(res, `${method} ${url} ${JSON.stringify(raw)}`, { status: 400 });
        expect(e.message).toBe('Проверьте заполнение полей');
      }
    }
    // A body of another type than JSON is refused the same way.
    const form = await send(t, admin, p.portal.name, 'POST', '/api/departments', undefined, { raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectErrorShape(form, 'form body', { status: 400 });
  });

  it('hides what failed inside: a 500 says only "internal error" with a request id', async () => {
    for (const url of ['/api/test/boom', '/api/test/sql']) {
      const res = await send(t, null, p.portal.name, 'GET', url);
      const e = expectErrorShape(res, url, { status: 500, code: 'internal' });
      expect(e.message).toBe('Внутренняя ошибка. Попробуйте ещё раз');
      expect(res.body).not.toMatch(/secret|no_such_table|select/i);
    }
  });

  it('speaks English to an anonymous client that asks for it', async () => {
    const en = { 'accept-language': 'en-US,en;q=0.9,ru;q=0.5' };
    const unauth = await send(t, null, p.portal.name, 'GET', '/api/users', undefined, { headers: en });
    expect(expectErrorShape(unauth, '401', { status: 401 }).message).toBe('Please sign in');
    const missing = await send(t, null, p.portal.name, 'GET', '/api/nowhere', undefined, { headers: en });
    expect(expectErrorShape(missing, '404', { status: 404 }).message).toBe('No such address');
    const invalid = await send(t, null, p.portal.name, 'POST', '/api/auth/login', { login: '', password: 1 }, { headers: en });
    const e = expectErrorShape(invalid, '400', { status: 400, code: 'validation' });
    expect(e.message).toBe('Please check the fields');
    expect(e.fields!.map((f) => f.field).sort()).toEqual(['login', 'password']);
    for (const f of e.fields!) expect(f.message, f.field).toMatch(/^[\x20-\x7e]+$/);
    const tooBig = await send(t, null, p.portal.name, 'POST', '/api/auth/login', undefined, { headers: en, raw: 'x'.repeat(BODY_LIMIT + 1) });
    expect(expectErrorShape(tooBig, '413', { status: 413 }).message).toBe('The request is too large');
    const unknownPortal = await send(t, null, 'no-such-portal', 'GET', '/api/portal/info', undefined, { headers: en });
    expect(expectErrorShape(unknownPortal, 'portal', { status: 404, code: 'portal_not_found' }).message).toBe('Portal not found');
    // Without the header: Russian, the default.
    expect(expectErrorShape(await send(t, null, p.portal.name, 'GET', '/api/users'), 'ru', { status: 401 }).message).toBe('Войдите в портал');
  });

  it('survives forged cookies: a session token, a CSRF token and a sign-in flow that are junk', async () => {
    const flows = [{ providerId: 2 ** 31 }, { providerId: 1e20 }, { providerId: -1 }, { providerId: 'x' }, { providerId: { a: 1 } }, null].map(
      (f) => `${Buffer.from(JSON.stringify(f)).toString('base64url')}.${Buffer.from('mac').toString('base64url')}`,
    );
    for (const cookie of [...flows.map((f) => `oidc_flow=${f}`), 'oidc_flow=%00%ff', 'sid=%00', `sid=${'x'.repeat(4000)}`, 'sid=İ; csrf=\u0000']) {
      for (const url of ['/api/auth/oidc/callback?code=x&state=y', '/api/auth/me', '/api/users']) {
        const res = await send(t, null, p.portal.name, 'GET', url, undefined, { headers: { cookie } });
        expect(res.statusCode, `${url} with ${cookie.slice(0, 80)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expectErrorShape(res, `${url} ${cookie.slice(0, 40)}`);
      }
    }
  });

  it('takes an item type named like an Object method for what it is: a type no module has, with no history', async () => {
    for (const type of ['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const res = await admin.get(`/api/history/${type}/1`);
      expect(res.statusCode, type).toBe(200);
      expect(res.json()).toEqual({ items: [] });
    }
  });

  it('answers random path parameters and query strings on every route without a 500 or anything internal', async () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('0', '-1', '1.5', '1e3', '2147483648', '9007199254740993', '99999999999999999999', 'NaN', 'null', 'undefined', '%00', '..', 'İİİ', ' ', 'a'.repeat(300)),
      fc.integer().map(String),
    );
    const reads = apiRoutes(t).filter((r) => r.method === 'GET' && !r.websocket && !r.url.startsWith('/api/test/'));
    const writes = apiRoutes(t).filter((r) => r.method !== 'GET' && paramsOf(r.url).length && r.config.policy !== 'public');
    const check = async (r: (typeof reads)[number], url: string) => {
      const res = await send(t, admin, p.portal.name, r.method, url, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      expect(res.statusCode, `${routeKey(r)} ${url} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
      if (res.statusCode >= 400) expectErrorShape(res, `${routeKey(r)} ${url}`);
    };
    // First every parameter set to each value that has broken servers before, then random ones.
    const dangerous = ['0', '-1', '2147483648', '9007199254740993', '1e400', 'NaN', '%00', encodeURIComponent('İ'.repeat(30)), 'a'.repeat(101), '..%2F..', '%ZZ'];
    for (const r of [...reads, ...writes].filter((x) => paramsOf(x.url).length)) {
      for (const v of dangerous) await check(r, r.url.replace(/:\w+/g, v));
    }
    for (const r of [...reads, ...writes]) {
      const names = paramsOf(r.url);
      await fc.assert(
        fc.asyncProperty(
          fc.array(value, { minLength: names.length, maxLength: names.length }),
          fc.dictionary(fc.constantFrom('q', 'page', 'pageSize', 'limit', 'cursor', 'search', 'status', 'departmentId', 'module', 'sort', 'filter', 'portal', 'x'), value, { maxKeys: 4 }),
          fc.nat(20),
          async (vals, query, spelling) => {
            const url = fillUrl(r.url, Object.fromEntries(names.map((n, i) => [n, vals[i]!]))) + (Object.keys(query).length ? `?${new URLSearchParams(query)}` : '');
            // Now and then another spelling of the same address: encoded, doubled slashes, dot segments, mixed case.
            const variants = spellings(url);
            await check(r, spelling < variants.length ? variants[spelling]!.url : url);
          },
        ),
        { numRuns: 12, ...(FUZZ_SEED !== undefined ? { seed: FUZZ_SEED } : {}) },
      );
    }
  }, 180_000); // every route of every module, one request at a time: it grows with the portal
});
