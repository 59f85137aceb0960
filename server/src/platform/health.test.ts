import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, buildPortal, dbKind, signIn, startTestApp, type TestApp, type TestPortal } from '../../test/harness.js';

let t: TestApp;
let p: TestPortal;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
});
afterAll(() => t?.dispose());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('health', () => {
  it('answers /api/healthz with the database in use, uncached and without a session', async () => {
    const res = await agent(t, null).get('/api/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, db: dbKind, realtime: 'local' });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('errors', () => {
  it('answer in one shape with a request id of their own, and no stack trace', async () => {
    const anon = agent(t, p.portal.name);
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    const cases = [
      { res: await anon.get('/api/no-such-thing'), status: 404, code: 'route_not_found', message: 'Такого адреса нет' },
      { res: await anon.get('/api/auth/me'), status: 401, code: 'unauthenticated', message: 'Войдите в портал' },
      { res: await employee.get('/api/admin/mail-outbox'), status: 403, code: 'forbidden', message: 'Недостаточно прав' },
      { res: await employee.get('/api/users/999999'), status: 404, code: 'not_found', message: 'Не найдено' },
      { res: await agent(t, 'no-such-portal').get('/api/auth/me'), status: 404, code: 'portal_not_found', message: 'Портал не найден' },
      { res: await anon.post('/api/auth/login', { login: '', password: 'x' }), status: 400, code: 'validation', message: 'Проверьте заполнение полей' },
    ];
    const ids = new Set<string>();
    for (const c of cases) {
      expect(c.res.statusCode, c.code).toBe(c.status);
      const body = c.res.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toMatchObject({ code: c.code, message: c.message });
      expect(body.error.requestId).toMatch(UUID);
      expect(c.res.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
      ids.add(body.error.requestId);
    }
    expect(ids.size).toBe(cases.length);
    expect(cases.at(-1)!.res.json().error.fields).toEqual([{ field: 'login', message: 'Введите e-mail или номер телефона' }]);
  });

  it('tell a missing field from a value of the wrong type', async () => {
    const res = await agent(t, p.portal.name).post('/api/auth/login', { login: 12345 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { field: 'login', message: 'Неверный формат значения' },
      { field: 'password', message: 'Обязательное поле' },
    ]);
  });

  it('speak the language the browser asks for', async () => {
    const res = await agent(t, p.portal.name).request('GET', '/api/auth/me', undefined, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('Please sign in');
  });

  it('turn malformed JSON into a 400 in the same shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'x-portal': p.portal.name },
      payload: '{"login": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'bad_request', message: 'Проверьте заполнение полей', requestId: expect.stringMatching(UUID) });
  });
});
