import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, buildPortal, signIn, startTestApp, PASSWORD, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { isOperator, setOperator } from './service.js';
import { seedDemo } from '../../demo/seed.js';

/** The install's operator creates portals at the central address; everyone else is refused. */

let t: TestApp;
let A: TestPortal;
let op: Agent;

const uniqueName = (prefix: string) => `${prefix}-${crypto.randomBytes(3).toString('hex')}`;
const portalCount = async () =>
  Number(
    (
      await t.platform.db
        .selectFrom('portal')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const tokenOf = (url: string) => url.match(/\/invite\/([A-Za-z0-9_-]{20,})$/)![1]!;

beforeAll(async () => {
  t = await startTestApp({ lockAddressAfter: 1000 });
  A = await buildPortal(t);
  await setOperator(t.platform, A.users.admin.email, true);
  // At the central address: no portal addressed.
  op = await signIn(t, null, A.users.admin.email);
});
afterAll(() => t?.dispose());

describe('operator: creating a portal', () => {
  it("creates the portal with its defaults and its administrator's invitation; the link makes them its administrator, and its data is separate", async () => {
    const name = uniqueName('Stroy');
    const res = await op.post('/api/operator/portals', { name: `  ${name}  `, title: ' Стройка и ремонт ', adminEmail: `Boss.${name}@Example.test` });
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json();
    const lower = name.toLowerCase();
    expect(created.portal).toMatchObject({ name: lower, title: 'Стройка и ремонт', url: `${t.config.publicUrl}/p/${lower}/`, members: 0, invited: 1 });
    expect(created.adminEmail).toBe(`boss.${lower}@example.test`);
    expect(created.inviteUrl).toMatch(new RegExp(`^${t.config.publicUrl}/p/${lower}/invite/[A-Za-z0-9_-]{20,}$`));

    // Listed beside the existing portal, with the members of each.
    const list = (await op.get('/api/operator/portals')).json().portals as { name: string; members: number; invited: number; createdAt: string }[];
    expect(list.find((p) => p.name === A.portal.name)).toMatchObject({ members: 4, invited: 0 });
    expect(list.find((p) => p.name === lower)).toMatchObject({ members: 0, invited: 1 });
    expect(Number.isNaN(Date.parse(list.find((p) => p.name === lower)!.createdAt))).toBe(false);

    // The invitation as the new administrator opens it: at the new portal, in its path form.
    const boss = agent(t, lower);
    const info = await boss.get(`/api/auth/token/${tokenOf(created.inviteUrl)}`);
    expect(info.json()).toMatchObject({ login: created.adminEmail, portal: 'Стройка и ремонт', hasPassword: false });
    const accepted = await boss.post('/api/auth/password/set', { token: tokenOf(created.inviteUrl), password: 'boss-password-1' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().user).toMatchObject({ role: 'admin' });
    const me = (await boss.get('/api/auth/me')).json();
    expect(me.portal).toEqual({ name: lower, title: 'Стройка и ремонт' });
    expect(me.user.role).toBe('admin');
    // Signing in later works with the password just set.
    await signIn(t, lower, created.adminEmail, 'boss-password-1');

    // The modules set the portal up: the CRM's default pipeline; the structure has its root department headed by the administrator.
    const pipelines = (await boss.get('/api/crm/pipelines')).json().items as { name: string; isDefault: boolean; stages: unknown[] }[];
    expect(pipelines.some((p) => p.isDefault && p.stages.length > 0)).toBe(true);
    // «Воронка обзвона» brings its «Отдел телемаркетинга» under it.
    const departments = (await boss.get('/api/departments')).json().items as { id: number; name: string; parentId: number | null; head: { id: number } | null }[];
    const root = departments.find((d) => d.parentId === null)!;
    expect(departments).toHaveLength(2);
    expect(departments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Стройка и ремонт', parentId: null, head: expect.objectContaining({ id: me.user.id }) }),
        expect.objectContaining({ name: 'Отдел телемаркетинга', parentId: root.id, head: null }),
      ]),
    );
    // Its data is its own: its one member, none of portal A's people, deals or mail.
    const users = (await boss.get('/api/users?status=all')).json();
    expect(users.total).toBe(1);
    expect(JSON.stringify(users)).not.toContain(A.users.employee.email);
    expect((await boss.get('/api/crm/deal/list')).json().items).toEqual([]);
    const outbox = (await boss.get('/api/admin/mail-outbox')).json().items as { to: string; text: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to: created.adminEmail });
    expect(outbox[0]!.text).toContain(created.inviteUrl);
    // And neither portal opens for the other's people.
    expect((await boss.request('GET', '/api/users', undefined, { 'x-portal': A.portal.name })).statusCode).toBe(404);
    expect((await op.request('GET', '/api/users', undefined, { 'x-portal': lower })).statusCode).toBe(404);
    expect((await op.get('/api/operator/portals')).json().portals.find((p: { name: string }) => p.name === lower)).toMatchObject({ members: 1, invited: 0 });
  });

  it('invites a person who already has an account: the link asks for their password and leaves it as it was', async () => {
    const name = uniqueName('filial');
    const created = (await op.post('/api/operator/portals', { name, title: 'Филиал', adminEmail: A.users.employee.email })).json();
    const token = tokenOf(created.inviteUrl);
    const invited = agent(t, name);
    expect((await invited.get(`/api/auth/token/${token}`)).json()).toMatchObject({ hasPassword: true });
    const wrong = await invited.post('/api/auth/password/set', { token, password: 'not-my-password' });
    expect(wrong.statusCode).toBe(401);
    const ok = await invited.post('/api/auth/password/set', { token, password: PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    // The name comes from the other portal; the password still opens both.
    expect(ok.json().user).toMatchObject({ role: 'admin', firstName: 'Иван', lastName: 'Сотрудников' });
    await signIn(t, A.portal.name, A.users.employee.email);
  });

  it('refuses a bad address, a taken or reserved one, an empty title and a bad e-mail with the field and a message, and creates nothing', async () => {
    const before = await portalCount();
    const cases: [Record<string, string>, string, string][] = [
      [{ name: 'ab', title: 'Портал', adminEmail: 'a@example.test' }, 'name', 'От 3 до 40 символов: строчные латинские буквы, цифры и дефис; в начале и в конце — буква или цифра'],
      [{ name: 'a'.repeat(41), title: 'Портал', adminEmail: 'a@example.test' }, 'name', 'От 3 до 40 символов: строчные латинские буквы, цифры и дефис; в начале и в конце — буква или цифра'],
      [{ name: 'мой портал', title: 'Портал', adminEmail: 'a@example.test' }, 'name', 'От 3 до 40 символов: строчные латинские буквы, цифры и дефис; в начале и в конце — буква или цифра'],
      [{ name: '-stroy', title: 'Портал', adminEmail: 'a@example.test' }, 'name', 'От 3 до 40 символов: строчные латинские буквы, цифры и дефис; в начале и в конце — буква или цифра'],
      [{ name: 'stroy_1', title: 'Портал', adminEmail: 'a@example.test' }, 'name', 'От 3 до 40 символов: строчные латинские буквы, цифры и дефис; в начале и в конце — буква или цифра'],
      [{ name: 'www', title: 'Портал', adminEmail: 'a@example.test' }, 'name', 'Этот адрес зарезервирован, выберите другой'],
      [{ name: A.portal.name, title: 'Портал', adminEmail: 'a@example.test' }, 'name', 'Портал с таким адресом уже есть'],
      [{ name: A.portal.name.toUpperCase(), title: 'Портал', adminEmail: 'a@example.test' }, 'name', 'Портал с таким адресом уже есть'],
      [{ name: uniqueName('ok'), title: '   ', adminEmail: 'a@example.test' }, 'title', 'Укажите название портала'],
      [{ name: uniqueName('ok'), title: 'Портал', adminEmail: 'not-an-email' }, 'adminEmail', 'Введите корректный e-mail администратора'],
      [{ name: uniqueName('ok'), title: 'Портал', adminEmail: '+7 900 000-00-01' }, 'adminEmail', 'Введите корректный e-mail администратора'],
    ];
    for (const [body, field, message] of cases) {
      const res = await op.post('/api/operator/portals', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const e = res.json().error;
      expect(e.code, res.body).toBe('validation');
      expect(e.fields, JSON.stringify(body)).toContainEqual({ field, message });
    }
    // Every wrong field at once, in English for an English client.
    const en = await op.request('POST', '/api/operator/portals', { name: 'x', title: '', adminEmail: 'x' }, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(400);
    expect(
      en
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['adminEmail', 'name', 'title']);
    expect(en.json().error.fields.find((f: { field: string }) => f.field === 'name').message).toMatch(/^3 to 40 characters: lowercase latin letters/);
    expect(await portalCount()).toBe(before);
  });

  it('creates a name once when two ask for it at the same moment', async () => {
    const name = uniqueName('twice');
    const results = await Promise.all([1, 2].map((i) => op.post('/api/operator/portals', { name, title: `Портал ${i}`, adminEmail: `admin${i}.${name}@example.test` })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    expect(results.find((r) => r.statusCode === 400)!.json().error.fields).toEqual([{ field: 'name', message: 'Портал с таким адресом уже есть' }]);
    expect((await t.platform.db.selectFrom('portal').select('id').where('name', '=', name).execute()).length).toBe(1);
  });
});

describe('operator: who may', () => {
  it('refuses everyone but an operator, and creates nothing', async () => {
    const before = await portalCount();
    const body = { name: uniqueName('nope'), title: 'Чужой', adminEmail: 'x@example.test' };
    // A portal's own administrator is not the install's operator; neither is an employee.
    for (const login of [A.users.employee.email, A.users.head.email]) {
      const who = await signIn(t, null, login);
      expect((await who.get('/api/operator/me')).json()).toEqual({ operator: false });
      for (const res of [await who.get('/api/operator/portals'), await who.post('/api/operator/portals', body)]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().error).toMatchObject({ code: 'forbidden', message: 'Управлять порталами может только оператор установки' });
      }
    }
    expect((await op.get('/api/operator/me')).json()).toEqual({ operator: true });
    // Without a session; with the operator's session but no CSRF token.
    const anonymous = agent(t, null);
    expect((await anonymous.get('/api/operator/portals')).statusCode).toBe(401);
    expect((await anonymous.post('/api/operator/portals', body)).statusCode).toBe(401);
    const noCsrf = await op.request('POST', '/api/operator/portals', body, { 'x-csrf-token': '' });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf');
    // Rights taken back apply at once.
    const head = await signIn(t, null, A.users.head.email);
    await setOperator(t.platform, A.users.head.email, true);
    expect((await head.get('/api/operator/portals')).statusCode).toBe(200);
    await setOperator(t.platform, A.users.head.email, false);
    expect((await head.get('/api/operator/portals')).statusCode).toBe(403);
    // A session one portal's external sign-in opened acts for that portal only, never as the operator.
    const account = await t.platform.db.selectFrom('account').select('id').where('email', '=', A.users.admin.email).executeTakeFirstOrThrow();
    expect(await isOperator(t.platform, { kind: 'session', accountId: account.id, boundPortalId: null, lang: 'ru' })).toBe(true);
    expect(await isOperator(t.platform, { kind: 'session', accountId: account.id, boundPortalId: A.portal.id, lang: 'ru' })).toBe(false);
    // Only an existing account can be made one.
    await expect(setOperator(t.platform, 'nobody@example.test', true)).rejects.toMatchObject({ status: 400, fields: [{ field: 'email', message: 'operator.account_unknown' }] });
    expect(await portalCount()).toBe(before);
  });

  it("makes the first account of the demo portal the install's operator", async () => {
    const demo = await startTestApp({ lockAddressAfter: 1000 });
    try {
      const seeded = await seedDemo(demo.platform, 'demo-password-1');
      const admin = await signIn(demo, null, seeded.logins[0]!.email, 'demo-password-1');
      expect((await admin.get('/api/operator/me')).json()).toEqual({ operator: true });
      expect((await admin.get('/api/operator/portals')).json().portals.map((p: { name: string; members: number }) => [p.name, p.members])).toEqual([['vavilonproject', 6]]);
      const colleague = await signIn(demo, null, seeded.logins[1]!.email, 'demo-password-1');
      expect((await colleague.get('/api/operator/me')).json()).toEqual({ operator: false });
    } finally {
      await demo.dispose();
    }
  });
});
