import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { systemCtxFor } from '../../../test/support.js';
import { notify } from './api.js';
import { closeLiveApp, openSocket, socketHeaders, startLiveApp, type LiveSocket } from '../../../test/ws-client.js';

type Item = { id: number; kind: string; title: string; body: string; url: string | null; read: boolean };

async function changeProfile(admin: Agent, id: number, patch: Record<string, unknown>) {
  const { version } = (await admin.get(`/api/users/${id}`)).json();
  const res = await admin.patch(`/api/users/${id}`, { version, ...patch });
  expect(res.statusCode).toBe(200);
}

describe('the bell', () => {
  let t: TestApp;
  let p: TestPortal;
  let admin: Agent;
  let employee: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    p = await buildPortal(t);
    admin = await signIn(t, p.portal.name, p.users.admin.email);
    employee = await signIn(t, p.portal.name, p.users.employee.email);
  });
  afterAll(() => t?.dispose());
  const bell = async (a: Agent) => (await a.get('/api/notifications')).json() as { items: Item[]; unread: number; nextCursor: number | null };

  it('tells an employee that an administrator changed their profile, and what', async () => {
    await changeProfile(admin, p.users.employee.id, { position: 'Старший менеджер' });
    await t.platform.events.drain();
    const first = await bell(employee);
    expect(first.unread).toBe(1);
    expect(first.items).toEqual([
      expect.objectContaining({
        kind: 'users.profile_changed',
        title: 'Ваш профиль изменён',
        body: 'Анна Админова: должность',
        url: `/company/personal/user/${p.users.employee.id}`,
        read: false,
      }),
    ]);

    // Their own edits are no news to them.
    await changeProfile(employee, p.users.employee.id, { phones: [{ type: 'mobile', value: '+79161234567' }] });
    await t.platform.events.drain();
    expect((await bell(employee)).unread).toBe(1);

    await changeProfile(admin, p.users.employee.id, { departmentId: p.departments.root, managerId: p.users.admin.id });
    await t.platform.events.drain();
    const second = await bell(employee);
    expect(second.unread).toBe(2);
    expect(second.items[0]).toMatchObject({ body: 'Анна Админова: отдел, руководитель' }); // newest first
    expect((await bell(admin)).items.filter((n) => n.kind === 'users.profile_changed')).toEqual([]);
  });

  it('speaks the language of the employee', async () => {
    const other = await signIn(t, p.portal.name, p.users.other.email);
    await other.put('/api/me/language', { language: 'en' });
    await changeProfile(admin, p.users.other.id, { position: 'Team lead' });
    await t.platform.events.drain();
    expect((await bell(other)).items[0]).toMatchObject({ title: 'Your profile was changed', body: 'Анна Админова: position' });
  });

  it('marks one read, then all, and nobody else can mark them', async () => {
    const { items } = await bell(employee);
    expect(items.filter((n) => !n.read)).toHaveLength(2);
    const other = await signIn(t, p.portal.name, p.users.other.email);
    expect((await other.post(`/api/notifications/${items[1]!.id}/read`)).statusCode).toBe(404);

    const one = await employee.post(`/api/notifications/${items[1]!.id}/read`);
    expect(one.json()).toEqual({ unread: 1 });
    const after = await bell(employee);
    expect(after.unread).toBe(1);
    expect(after.items.map((n) => n.read)).toEqual([false, true]);

    expect((await employee.post('/api/notifications/read-all')).json()).toEqual({ unread: 0 });
    const all = await bell(employee);
    expect(all.unread).toBe(0);
    expect(all.items.every((n) => n.read)).toBe(true);
  });

  it('pages through older notifications', async () => {
    const page1 = (await employee.get('/api/notifications?limit=1')).json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBe(page1.items[0].id);
    const page2 = (await employee.get(`/api/notifications?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.items).toHaveLength(1);
    expect(page2.items[0].id).toBeLessThan(page1.items[0].id);
    expect(page2.nextCursor).toBeNull();
  });

  it('keeps one unread notification per group: a newer one of the group takes its place, within its time', async () => {
    const ctx = systemCtxFor(t, p.portal);
    const group = { userId: p.users.admin.id, kind: 'test.grouped', body: '', groupKey: 'test:1', groupWithinMs: 60_000 };
    const before = (await bell(admin)).unread;
    const first = await notify(ctx, { ...group, title: 'Первое' });
    const second = await notify(ctx, { ...group, title: 'Второе' });
    // Another group, and one without a group, are left alone.
    await notify(ctx, { ...group, title: 'Другая группа', groupKey: 'test:2' });
    await notify(ctx, { userId: p.users.admin.id, kind: 'test.grouped', title: 'Без группы', body: '' });
    let list = await bell(admin);
    expect(list.unread).toBe(before + 3);
    expect(list.items.filter((n) => n.kind === 'test.grouped').map((n) => n.title)).toEqual(['Без группы', 'Другая группа', 'Второе']);
    expect(list.items.some((n) => n.id === first)).toBe(false);
    // The push of the second names the one it replaced, so the page drops it.
    const pushed = await t.platform.db
      .selectFrom('domain_event')
      .select('payload')
      .where('type', '=', 'notifications.notification.created')
      .where('entity_id', '=', String(second))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(pushed.payload)).toEqual({ userId: p.users.admin.id, replaces: first });

    // A read one is history: the next of the group is new.
    expect((await admin.post(`/api/notifications/${second}/read`)).statusCode).toBe(200);
    const third = await notify(ctx, { ...group, title: 'Третье' });
    // One older than the group's time stays, and the next is new too.
    await t.platform.db
      .updateTable('notification')
      .set({ created_at: new Date(Date.now() - 120_000).toISOString() })
      .where('id', '=', third)
      .execute();
    await notify(ctx, { ...group, title: 'Четвёртое' });
    list = await bell(admin);
    expect(list.items.filter((n) => n.kind === 'test.grouped' && n.title !== 'Другая группа' && n.title !== 'Без группы').map((n) => [n.title, n.read])).toEqual([
      ['Четвёртое', false],
      ['Третье', false],
      ['Второе', true],
    ]);
  });
});

describe('live notifications', () => {
  let t: TestApp;
  let p: TestPortal;
  let url: string;
  const sockets: LiveSocket[] = [];
  beforeAll(async () => {
    ({ t, p, url } = await startLiveApp({ socketCheckMs: 100 }));
  });
  afterAll(() => closeLiveApp(t, sockets));
  const connect = async (a: Agent) => {
    const s = await openSocket(url, socketHeaders(a.cookies, p.portal.name));
    sockets.push(s);
    return s;
  };

  it('reach the employee’s open page at once, and only theirs', async () => {
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    const colleague = await signIn(t, p.portal.name, p.users.other.email);
    const mine = await connect(employee);
    const theirs = await connect(colleague);

    await changeProfile(admin, p.users.employee.id, { position: 'Старший менеджер' });
    const pushed = await mine.next('notification');
    expect(pushed).toMatchObject({ unread: 1, notification: { title: 'Ваш профиль изменён', body: 'Анна Админова: должность', read: false } });
    const stored = (await employee.get('/api/notifications')).json().items[0];
    expect((pushed.notification as Item).id).toBe(stored.id);

    expect((await employee.post('/api/notifications/read-all')).json()).toEqual({ unread: 0 });
    expect(await mine.next('notifications.read')).toEqual({ type: 'notifications.read', unread: 0 });

    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.messages.filter((m) => m.type.startsWith('notification'))).toEqual([]);
  });

  it("closes an open page's socket when its user signs out or is deactivated", async () => {
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    const signedOut = await connect(employee);
    await employee.post('/api/auth/logout');
    expect(await signedOut.closed).toBe(4401);

    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const colleague = await signIn(t, p.portal.name, p.users.other.email);
    const deactivated = await connect(colleague);
    expect((await admin.post(`/api/users/${p.users.other.id}/deactivate`)).statusCode).toBe(200);
    expect(await deactivated.closed).toBe(4401);
  });

  it('refuses a socket without a session, or of another portal', async () => {
    await expect(openSocket(url, { 'x-portal': p.portal.name })).rejects.toMatchObject({ statusCode: 401 });
    await expect(openSocket(url, { 'x-portal': p.portal.name, cookie: 'sid=forged-session-token' })).rejects.toMatchObject({ statusCode: 401 });
    const elsewhere = await buildPortal(t);
    const stranger = await signIn(t, elsewhere.portal.name, elsewhere.users.employee.email);
    await expect(openSocket(url, socketHeaders(stranger.cookies, p.portal.name))).rejects.toMatchObject({ statusCode: 404 });
  });
});
