import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, buildPortal, signIn, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { lastMailTo, linkToken } from '../../../test/support.js';
import { closeLiveApp, openSocket, socketHeaders, startLiveApp, type LiveSocket } from '../../../test/ws-client.js';

/** The close code, or 'open' when the socket is still open after `ms` (far below the heartbeat). */
function closedWithin(s: LiveSocket, ms = 5000): Promise<number | 'open'> {
  return Promise.race([s.closed, new Promise<'open'>((r) => setTimeout(() => r('open'), ms))]);
}

describe('realtime sockets and the session behind them', () => {
  let t: TestApp;
  let p: TestPortal;
  let url: string;
  const sockets: LiveSocket[] = [];
  beforeAll(async () => {
    // The heartbeat is an hour away: whatever closes a socket here is the announcement.
    ({ t, p, url } = await startLiveApp({ socketCheckMs: 3_600_000 }));
  });
  afterAll(() => closeLiveApp(t, sockets));
  const connect = async (a: Agent, headers: Record<string, string> = {}) => {
    const s = await openSocket(url, { ...socketHeaders(a.cookies, p.portal.name), ...headers });
    sockets.push(s);
    return s;
  };

  it("opens for the portal's own addresses and for a client without Origin, and refuses any other Origin", async () => {
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    // PUBLIC_URL (http://localhost:3000) serves the path form /p/<portal>/; the portal's own host name.
    for (const origin of ['http://localhost:3000', `http://${p.portal.name}.localhost:3000`]) {
      // The portal's own changes (its default pipeline, being processed) may come before or after.
      expect(await (await connect(employee, { origin })).next('ready'), origin).toEqual({ type: 'ready' });
    }
    expect(await (await connect(employee)).next('ready')).toEqual({ type: 'ready' });

    const elsewhere = await buildPortal(t);
    const foreign = ['https://evil.example', 'http://localhost:3001', 'https://localhost:3000', `http://${elsewhere.portal.name}.localhost:3000`, 'http://localhost.evil.example:3000', 'null'];
    for (const origin of foreign) {
      await expect(connect(employee, { origin }), origin).rejects.toMatchObject({ statusCode: 403 });
    }
  });

  it("closes the socket at once on «Выйти», and only that session's", async () => {
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    const sameUserElsewhere = await signIn(t, p.portal.name, p.users.employee.email);
    const mine = await connect(employee);
    const other = await connect(sameUserElsewhere);
    expect((await employee.post('/api/auth/logout')).statusCode).toBe(200);
    expect(await closedWithin(mine)).toBe(4401);
    expect(await closedWithin(other, 300)).toBe('open');
  });

  it('closes the sockets of a deactivated user at once', async () => {
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const head = await signIn(t, p.portal.name, p.users.head.email);
    const s = await connect(head);
    expect((await admin.post(`/api/users/${p.users.head.id}/deactivate`)).statusCode).toBe(200);
    expect(await closedWithin(s)).toBe(4401);
  });

  it('closes every socket of the account when its password is reset', async () => {
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const other = await signIn(t, p.portal.name, p.users.other.email);
    const s = await connect(other);
    expect((await agent(t, p.portal.name).post('/api/auth/password/forgot', { login: p.users.other.email })).statusCode).toBe(200);
    const mail = await lastMailTo(admin, p.users.other.email);
    const token = linkToken(mail!.text, p.portal.name, 'reset');
    expect((await agent(t, p.portal.name).post('/api/auth/password/set', { token, password: 'a-brand-new-password-1' })).statusCode).toBe(200);
    expect(await closedWithin(s)).toBe(4401);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
  });
});
