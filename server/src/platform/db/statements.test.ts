import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type TestApp, type TestPortal } from '../../../test/harness.js';

/** The fixed cost of a request in SQL, as the benchmarks count it (DB_COUNT_STATEMENTS). */
describe('SQL statements per request', () => {
  let t: TestApp;
  let p: TestPortal;
  let base: string;
  beforeAll(async () => {
    process.env.DB_COUNT_STATEMENTS = 'true';
    try {
      t = await startTestApp();
    } finally {
      delete process.env.DB_COUNT_STATEMENTS;
    }
    p = await buildPortal(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t?.dispose());

  const statements = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + url, { headers });
    await res.arrayBuffer();
    return { status: res.status, n: Number(res.headers.get('x-db-statements')) };
  };

  it('a signed-in request reads its session and the member in one statement', async () => {
    const a = await signIn(t, p.portal.name, p.users.employee.email);
    const headers = {
      'x-portal': p.portal.name,
      cookie: Object.entries(a.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    };
    expect(await statements('/api/auth/me', headers)).toEqual({ status: 200, n: 1 });
    expect(await statements('/api/healthz')).toEqual({ status: 200, n: 1 });
    // Without a session cookie nothing is looked up.
    expect(await statements('/api/auth/me', { 'x-portal': p.portal.name })).toEqual({ status: 401, n: 0 });
  });
});
