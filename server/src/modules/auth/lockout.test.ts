import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Every password evaluation is an argon2 verification: counting them tells how many guesses
// the server actually checked, whatever the answers say.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const m = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...m, verify: vi.fn(m.verify) };
});
import { verify } from '@node-rs/argon2';
import { agent, buildPortal, reopenTestApp, signIn, startTestApp, PASSWORD, type TestApp, type TestPortal } from '../../../test/harness.js';
import { lastMailTo, linkToken } from '../../../test/support.js';

const verifications = () => vi.mocked(verify).mock.calls.length;

/** Sends every body to `url` at once, each from a fresh client, and returns the answers in order. */
async function burst(t: TestApp, portal: string, url: string, bodies: object[]) {
  return Promise.all(bodies.map((b) => agent(t, portal).post(url, b)));
}

function statuses(list: { statusCode: number }[]) {
  const count: Record<number, number> = {};
  for (const r of list) count[r.statusCode] = (count[r.statusCode] ?? 0) + 1;
  return count;
}

const LOCKED = /^Слишком много неудачных попыток входа/;

describe('the account lockout under a burst of parallel guesses', () => {
  let t: TestApp;
  let p: TestPortal;
  beforeAll(async () => {
    t = await startTestApp({ lockAccountAfter: 5, lockAddressAfter: 1000 });
    p = await buildPortal(t);
  });
  afterAll(() => t?.dispose());

  it('evaluates at most LOCK_ACCOUNT_AFTER passwords of 40 sent at once and refuses the right one among them', async () => {
    const login = p.users.employee.email;
    const bodies = [...Array.from({ length: 39 }, (_, i) => ({ login, password: `wrong-${i}` })), { login, password: PASSWORD }];
    const before = verifications();
    const answers = await burst(t, p.portal.name, '/api/auth/login', bodies);
    expect(verifications() - before).toBeLessThanOrEqual(5);
    const right = answers.at(-1)!;
    expect(right.statusCode).toBe(429);
    expect(right.json().error.message).toMatch(LOCKED);
    expect(right.cookies.find((c) => c.name === 'sid')).toBeUndefined();
    const count = statuses(answers);
    expect(count[401]).toBeLessThanOrEqual(5);
    expect((count[401] ?? 0) + (count[429] ?? 0)).toBe(40);

    // The account stays locked for the right password, whichever of its logins is typed.
    const after = verifications();
    expect((await agent(t, p.portal.name).post('/api/auth/login', { login, password: PASSWORD })).statusCode).toBe(429);
    expect((await agent(t, p.portal.name).post('/api/auth/login', { login: p.users.employee.phone, password: PASSWORD })).statusCode).toBe(429);
    expect(verifications()).toBe(after);
  });

  it('lets the right password in while under the limit, and clears the count of failures', async () => {
    const login = p.users.head.email;
    for (let i = 0; i < 4; i++) expect((await agent(t, p.portal.name).post('/api/auth/login', { login, password: `bad-${i}` })).statusCode).toBe(401);
    expect((await agent(t, p.portal.name).post('/api/auth/login', { login, password: PASSWORD })).statusCode).toBe(200);
    // Four more failures after the success do not lock: the count started again.
    for (let i = 0; i < 4; i++) expect((await agent(t, p.portal.name).post('/api/auth/login', { login, password: `bad-again-${i}` })).statusCode).toBe(401);
    expect((await agent(t, p.portal.name).post('/api/auth/login', { login, password: PASSWORD })).statusCode).toBe(200);
  });

  it('signs the right user in from several tabs at once, and a burst of right passwords leaves the account open', async () => {
    const login = p.users.admin.email;
    const within = await burst(
      t,
      p.portal.name,
      '/api/auth/login',
      Array.from({ length: 4 }, () => ({ login, password: PASSWORD })),
    );
    expect(within.map((r) => r.statusCode)).toEqual(Array(4).fill(200));
    // Beyond the limit even right passwords wait their turn; those evaluated sign in and clear the count.
    const beyond = await burst(
      t,
      p.portal.name,
      '/api/auth/login',
      Array.from({ length: 12 }, () => ({ login, password: PASSWORD })),
    );
    expect(statuses(beyond)[200]).toBeGreaterThanOrEqual(1);
    expect(statuses(beyond)[401]).toBeUndefined();
    expect((await agent(t, p.portal.name).post('/api/auth/login', { login, password: PASSWORD })).statusCode).toBe(200);
  });

  it('counts an unknown login the same way', async () => {
    const login = 'nobody.burst@example.test';
    const before = verifications();
    const answers = await burst(
      t,
      p.portal.name,
      '/api/auth/login',
      Array.from({ length: 40 }, (_, i) => ({ login, password: `guess-${i}` })),
    );
    expect(verifications() - before).toBeLessThanOrEqual(5);
    expect(statuses(answers)[429]).toBeGreaterThanOrEqual(35);
  });
});

describe('the per-address lockout under a burst of parallel guesses', () => {
  let t: TestApp;
  let p: TestPortal;
  beforeAll(async () => {
    t = await startTestApp({ lockAccountAfter: 1000, lockAddressAfter: 5 });
    p = await buildPortal(t);
  });
  afterAll(() => t?.dispose());

  it('does not count successful sign-ins against the address', async () => {
    for (let i = 0; i < 8; i++) expect((await agent(t, p.portal.name).post('/api/auth/login', { login: p.users.other.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('evaluates at most LOCK_ADDRESS_AFTER passwords of 40 sent at once to different logins', async () => {
    const bodies = [...Array.from({ length: 39 }, (_, i) => ({ login: `spray${i}@example.test`, password: 'Winter2026!' })), { login: p.users.employee.email, password: PASSWORD }];
    const before = verifications();
    const answers = await burst(t, p.portal.name, '/api/auth/login', bodies);
    expect(verifications() - before).toBeLessThanOrEqual(5);
    expect(answers.at(-1)!.statusCode).toBe(429);
    expect(answers.at(-1)!.json().error.message).toMatch(LOCKED);
    expect(statuses(answers)[401]).toBeLessThanOrEqual(5);
    // From another address the account is open.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '192.0.2.7',
      headers: { 'x-portal': p.portal.name },
      payload: { login: p.users.employee.email, password: PASSWORD },
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('the password check of an invitation link', () => {
  let t: TestApp;
  let p: TestPortal;
  let q: TestPortal;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ lockAccountAfter: 5, lockAddressAfter: 1000 });
    p = await buildPortal(t);
    q = await buildPortal(t);
    // Someone who already has a Passport password is invited to a second portal: the link asks for that password.
    const admin = await signIn(t, q.portal.name, q.users.admin.email);
    const invited = await admin.post('/api/users/invite', { login: p.users.employee.email, firstName: 'Иван', lastName: 'Сотрудников' });
    expect(invited.statusCode, invited.body).toBe(200);
    token = linkToken((await lastMailTo(admin, p.users.employee.email))!.text, q.portal.name, 'invite');
    expect((await agent(t, q.portal.name).get(`/api/auth/token/${token}`)).json().hasPassword).toBe(true);
  });
  afterAll(() => t?.dispose());

  it('evaluates at most LOCK_ACCOUNT_AFTER of 40 passwords sent at once, and locks sign-in to the same account', async () => {
    const bodies = [...Array.from({ length: 39 }, (_, i) => ({ token, password: `wrong-pass-${i}` })), { token, password: PASSWORD }];
    const before = verifications();
    const answers = await burst(t, q.portal.name, '/api/auth/password/set', bodies);
    expect(verifications() - before).toBeLessThanOrEqual(5);
    expect(answers.at(-1)!.statusCode).toBe(429);
    expect(answers.at(-1)!.json().error.message).toMatch(LOCKED);
    expect(statuses(answers)[401]).toBeLessThanOrEqual(5);
    // One lock for the account, wherever the password is typed.
    const signInAfter = await agent(t, p.portal.name).post('/api/auth/login', { login: p.users.employee.email, password: PASSWORD });
    expect(signInAfter.statusCode).toBe(429);
    // The link itself is still unused.
    expect((await agent(t, q.portal.name).get(`/api/auth/token/${token}`)).statusCode).toBe(200);
  });

  it('is locked by failed sign-ins to the same account', async () => {
    const login = p.users.head.email;
    const admin = await signIn(t, q.portal.name, q.users.admin.email);
    expect((await admin.post('/api/users/invite', { login, firstName: 'Ольга', lastName: 'Начальникова' })).statusCode).toBe(200);
    const headToken = linkToken((await lastMailTo(admin, login))!.text, q.portal.name, 'invite');
    for (let i = 0; i < 5; i++) await agent(t, p.portal.name).post('/api/auth/login', { login, password: `bad-${i}` });
    const res = await agent(t, q.portal.name).post('/api/auth/password/set', { token: headToken, password: PASSWORD });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toMatch(LOCKED);
  });
});

describe('the rate limit of sign-in and one-time link routes', () => {
  let t: TestApp;
  let p: TestPortal;
  beforeAll(async () => {
    t = await startTestApp({ authRateLimit: 3, lockAccountAfter: 1000, lockAddressAfter: 1000 });
    p = await buildPortal(t);
  });
  afterAll(() => t?.dispose());

  const from = (address: string, method: 'GET' | 'POST', url: string, payload?: object, lang = 'ru') =>
    t.app.inject({ method, url, remoteAddress: address, headers: { 'x-portal': p.portal.name, 'accept-language': lang }, ...(payload ? { payload } : {}) });

  it("answers 429 in the one error shape, in the user's language, past the limit of an address", async () => {
    const address = '198.51.100.1';
    for (let i = 0; i < 3; i++) expect((await from(address, 'POST', '/api/auth/login', { login: `rl${i}@example.test`, password: 'x' })).statusCode).toBe(401);
    const limited = await from(address, 'POST', '/api/auth/login', { login: p.users.admin.email, password: PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: 'Слишком много запросов. Подождите немного', requestId: expect.any(String) } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const en = await from(address, 'POST', '/api/auth/login', { login: p.users.admin.email, password: PASSWORD }, 'en');
    expect(en.statusCode).toBe(429);
    expect(en.json().error.message).toBe('Too many requests. Please wait a little');
    // The one-time link routes and the password reset share the limit.
    for (const [method, url, body] of [
      ['GET', '/api/auth/token/abcdefghijklmnopqrstuvwxyz', undefined],
      ['POST', '/api/auth/password/set', { token: 'abcdefghijklmnopqrstuvwxyz', password: 'new-password-1' }],
      ['POST', '/api/auth/password/forgot', { login: p.users.admin.email }],
    ] as const) {
      const res = await from(address, method, url, body);
      expect(res.statusCode, url).toBe(429);
      expect(res.json().error.code, url).toBe('rate_limited');
    }
    // Another address is not limited.
    expect((await from('198.51.100.2', 'POST', '/api/auth/login', { login: p.users.admin.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('counts the token routes on their own as well', async () => {
    const address = '198.51.100.3';
    for (let i = 0; i < 3; i++) expect((await from(address, 'GET', `/api/auth/token/guess-token-${i}-xxxxxxxx`)).statusCode).toBe(400);
    expect((await from(address, 'GET', '/api/auth/token/guess-token-9-xxxxxxxx')).statusCode).toBe(429);
  });

  it('leaves signed-in requests and sign-out alone', async () => {
    const address = '198.51.100.4';
    for (let i = 0; i < 3; i++) await from(address, 'POST', '/api/auth/login', { login: `rl-me${i}@example.test`, password: 'x' });
    for (let i = 0; i < 5; i++) {
      expect((await from(address, 'GET', '/api/auth/me')).statusCode).toBe(401);
      expect((await from(address, 'POST', '/api/auth/logout', {})).statusCode).toBe(200);
    }
  });

  it('is shared by the processes of one install through Redis when REDIS_URL is set', async () => {
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const one = await startTestApp({ authRateLimit: 3, redisUrl, lockAccountAfter: 1000, lockAddressAfter: 1000 });
    const two = await reopenTestApp(one);
    try {
      const q = await buildPortal(one);
      await two.platform.portals.reload();
      const send = (app: TestApp) =>
        app.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.9', headers: { 'x-portal': q.portal.name }, payload: { login: 'shared@example.test', password: 'x' } });
      expect((await send(one)).statusCode).toBe(401);
      expect((await send(two)).statusCode).toBe(401);
      expect((await send(one)).statusCode).toBe(401);
      expect((await send(two)).statusCode).toBe(429);
    } finally {
      await two.close();
      await one.dispose();
    }
  });
});
