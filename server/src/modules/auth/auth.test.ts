import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, buildPortal, signIn, startTestApp, PASSWORD, type TestApp, type TestPortal } from '../../../test/harness.js';

let t: TestApp;
let p: TestPortal;

beforeAll(async () => {
  t = await startTestApp({ lockAccountAfter: 3, lockAddressAfter: 1000 });
  p = await buildPortal(t);
});
afterAll(() => t?.dispose());

describe('sign-in', () => {
  it('accepts the e-mail in any case and the phone in common formats', async () => {
    const { email, phone } = p.users.employee;
    const national = '8' + phone.slice(2);
    const spaced = `+7 ${phone.slice(2, 5)} ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
    for (const login of [email.toUpperCase(), phone, national, spaced]) {
      const a = agent(t, p.portal.name);
      const res = await a.post('/api/auth/login', { login, password: PASSWORD });
      expect(res.statusCode, login).toBe(200);
      expect(res.json().user.id).toBe(p.users.employee.id);
      const me = await a.get('/api/auth/me');
      expect(me.json().user.fullName).toBe('Иван Сотрудников');
    }
  });

  it('gives one message for a wrong password and an unknown login', async () => {
    const wrong = await agent(t, p.portal.name).post('/api/auth/login', { login: p.users.other.email, password: 'nope-nope' });
    const unknown = await agent(t, p.portal.name).post('/api/auth/login', { login: 'nobody@example.test', password: 'nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('Неверный логин или пароль');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const login = p.users.head.email;
    for (let i = 0; i < 3; i++) await agent(t, p.portal.name).post('/api/auth/login', { login, password: 'wrong-' + i });
    const res = await agent(t, p.portal.name).post('/api/auth/login', { login, password: PASSWORD });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toMatch(/Слишком много неудачных попыток входа/);
    // The lock is the account's: its phone is refused as well.
    const byPhone = await agent(t, p.portal.name).post('/api/auth/login', { login: p.users.head.phone, password: PASSWORD });
    expect(byPhone.statusCode).toBe(429);
    // An unknown login locks the same way: the answer does not tell whether it exists.
    for (let i = 0; i < 3; i++) await agent(t, p.portal.name).post('/api/auth/login', { login: 'ghost@example.test', password: 'x' + i });
    const ghost = await agent(t, p.portal.name).post('/api/auth/login', { login: 'ghost@example.test', password: 'x' });
    expect(ghost.statusCode).toBe(429);
  });

  it('sets HttpOnly SameSite cookies and rotates the session id', async () => {
    const a = agent(t, p.portal.name);
    const first = await a.post('/api/auth/login', { login: p.users.admin.email, password: PASSWORD });
    const sid = first.cookies.find((c) => c.name === 'sid')!;
    expect(sid.httpOnly).toBe(true);
    expect(sid.sameSite).toBe('Lax');
    const second = await a.post('/api/auth/login', { login: p.users.admin.email, password: PASSWORD });
    const sid2 = second.cookies.find((c) => c.name === 'sid')!;
    expect(sid2.value).not.toBe(sid.value);
    // The old session is gone on the server.
    const stale = agent(t, p.portal.name);
    stale.cookies.sid = sid.value;
    expect((await stale.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends the session on the server at sign-out', async () => {
    const a = await signIn(t, p.portal.name, p.users.employee.email);
    const sid = a.cookies.sid!;
    expect((await a.post('/api/auth/logout')).statusCode).toBe(200);
    const replay = agent(t, p.portal.name);
    replay.cookies.sid = sid;
    expect((await replay.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF token', async () => {
    const a = await signIn(t, p.portal.name, p.users.employee.email);
    const res = await a.request('PUT', '/api/shell/settings', { pinned: true }, { 'x-csrf-token': 'forged' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
  });

  it('validates the login field with a Russian message', async () => {
    const res = await agent(t, p.portal.name).post('/api/auth/login', { login: 'not a login', password: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'login', message: 'Введите корректный e-mail или номер телефона' }]);
  });
});

describe('the per-address lockout', () => {
  it('counts the connection address, not a forged X-Forwarded-For, unless a proxy is trusted', async () => {
    const s = await startTestApp({ lockAccountAfter: 1000, lockAddressAfter: 3 });
    try {
      const q = await buildPortal(s);
      for (let i = 0; i < 3; i++) {
        const res = await agent(s, q.portal.name).request('POST', '/api/auth/login', { login: `nobody${i}@example.test`, password: 'x' }, { 'x-forwarded-for': `10.0.0.${i}` });
        expect(res.statusCode).toBe(401);
      }
      const blocked = await agent(s, q.portal.name).request('POST', '/api/auth/login', { login: q.users.admin.email, password: PASSWORD }, { 'x-forwarded-for': '10.0.0.99' });
      expect(blocked.statusCode).toBe(429);
    } finally {
      await s.dispose();
    }
  });
});
