import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, buildPortal, signIn, startTestApp, PASSWORD, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { lastMailTo, linkToken, waitFor } from '../../../test/support.js';
import { startSmtpPeer } from '../../../test/smtp-peer.js';

let t: TestApp;

beforeAll(async () => {
  // Every request here comes from one address: keep the per-address lock out of the way.
  t = await startTestApp({ lockAddressAfter: 1000 });
});
afterAll(() => t?.dispose());

type Summary = { id: number; fullName: string; status: string; departmentName: string | null };
const names = (items: Summary[]) => items.map((u) => u.fullName);

describe('employee directory', () => {
  let p: TestPortal;
  let employee: Agent;
  beforeAll(async () => {
    p = await buildPortal(t);
    employee = await signIn(t, p.portal.name, p.users.employee.email);
  });

  it('finds colleagues by name in any case, by position and by department', async () => {
    for (const q of ['иван', 'ИВАН', 'сотрудн', 'Иван Сотрудников']) {
      const res = await employee.get(`/api/users?search=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(names(res.json().items), q).toEqual(['Иван Сотрудников']);
    }
    expect(names((await employee.get(`/api/users?search=${encodeURIComponent('менеджер')}`)).json().items)).toEqual(['Мария Другова', 'Иван Сотрудников']);
    expect((await employee.get(`/api/users?search=${encodeURIComponent('Пётр')}`)).json()).toMatchObject({ items: [], total: 0 });

    const team = (await employee.get(`/api/users?departmentId=${p.departments.team}`)).json();
    expect(names(team.items)).toEqual(['Мария Другова', 'Ольга Начальникова', 'Иван Сотрудников']);
    expect(team.total).toBe(3);
    expect(team.items.every((u: Summary) => u.departmentName === 'Отдел')).toBe(true);
  });

  it('pages through the list with the total', async () => {
    const page1 = (await employee.get('/api/users?pageSize=3&page=1')).json();
    const page2 = (await employee.get('/api/users?pageSize=3&page=2')).json();
    expect(page1).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(page1.items).toHaveLength(3);
    expect(page2).toMatchObject({ total: 4, page: 2 });
    expect(names([...page1.items, ...page2.items])).toEqual(['Анна Админова', 'Мария Другова', 'Ольга Начальникова', 'Иван Сотрудников']);
    expect((await employee.get('/api/users?pageSize=3&page=3')).json()).toMatchObject({ items: [], total: 4 });
  });

  it('shows invited and deactivated colleagues to administrators only', async () => {
    const q = await buildPortal(t);
    const admin = await signIn(t, q.portal.name, q.users.admin.email);
    const colleague = await signIn(t, q.portal.name, q.users.employee.email);
    const invited = (await admin.post('/api/users/invite', { login: `guest.${q.portal.name}@example.test`, firstName: 'Пётр', lastName: 'Гостев' })).json();
    expect(invited.status).toBe('invited');
    expect((await admin.post(`/api/users/${q.users.other.id}/deactivate`)).json().status).toBe('inactive');

    const seenBy = async (a: Agent, query: string) => names((await a.get(`/api/users?${query}`)).json().items);
    expect(await seenBy(colleague, 'status=all')).toEqual(['Анна Админова', 'Ольга Начальникова', 'Иван Сотрудников']);
    expect(await seenBy(colleague, 'status=invited')).toEqual([]);
    expect(await seenBy(colleague, 'status=inactive')).toEqual([]);
    expect(await seenBy(colleague, `search=${encodeURIComponent('пётр')}&status=all`)).toEqual([]);
    expect((await colleague.get(`/api/users/${invited.id}`)).statusCode).toBe(404);
    expect((await colleague.get(`/api/users/${q.users.other.id}`)).statusCode).toBe(404);

    expect(await seenBy(admin, 'status=all')).toEqual(['Анна Админова', 'Пётр Гостев', 'Мария Другова', 'Ольга Начальникова', 'Иван Сотрудников']);
    expect(await seenBy(admin, 'status=invited')).toEqual(['Пётр Гостев']);
    expect((await admin.get(`/api/users/${q.users.other.id}`)).json().status).toBe('inactive');
  });
});

describe('profile', () => {
  let p: TestPortal;
  let admin: Agent;
  let employee: Agent;
  beforeAll(async () => {
    p = await buildPortal(t);
    admin = await signIn(t, p.portal.name, p.users.admin.email);
    employee = await signIn(t, p.portal.name, p.users.employee.email);
  });
  const profile = async (a: Agent, id: number) => (await a.get(`/api/users/${id}`)).json();

  it('shows the manager, the subordinates, the contacts and what the viewer may do', async () => {
    const own = await profile(employee, p.users.employee.id);
    expect(own).toMatchObject({
      fullName: 'Иван Сотрудников',
      position: 'Менеджер',
      departmentName: 'Отдел',
      manager: { id: p.users.head.id, fullName: 'Ольга Начальникова', position: 'Руководитель' },
      subordinates: [],
      login: { email: p.users.employee.email, phone: p.users.employee.phone },
      phones: [{ type: 'mobile', value: p.users.employee.phone }],
      emails: [{ type: 'work', value: p.users.employee.email }],
      abilities: { edit: true, deactivate: false, changeRole: false },
    });
    const head = await profile(employee, p.users.head.id);
    expect(names(head.subordinates)).toEqual(['Мария Другова', 'Иван Сотрудников']);
    expect(head.manager.fullName).toBe('Анна Админова');
    expect(head.abilities).toEqual({ edit: false, deactivate: false, changeRole: false });
    expect((await profile(admin, p.users.head.id)).abilities).toEqual({ edit: true, deactivate: true, changeRole: true });
  });

  it('lets an employee edit their own contacts, normalising phone numbers', async () => {
    const { version } = await profile(employee, p.users.employee.id);
    const res = await employee.patch(`/api/users/${p.users.employee.id}`, {
      version,
      phones: [
        { type: 'mobile', value: '8 (912) 345-67-89' },
        { type: 'work', value: '+7 495 123 45 67' },
      ],
      emails: [{ type: 'home', value: 'Ivan.Home@Example.TEST' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      phones: [
        { type: 'mobile', value: '+79123456789' },
        { type: 'work', value: '+74951234567' },
      ],
      emails: [{ type: 'home', value: 'ivan.home@example.test' }],
      version: version + 1,
    });
    // Colleagues find them by the new number.
    const found = (await admin.get('/api/users?search=79123456789')).json();
    expect(names(found.items)).toEqual(['Иван Сотрудников']);
  });

  it('rejects an invalid phone with the field and a Russian message, changing nothing', async () => {
    const before = await profile(employee, p.users.employee.id);
    const res = await employee.patch(`/api/users/${p.users.employee.id}`, { version: before.version, phones: [{ type: 'mobile', value: '12345' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation',
      message: 'Проверьте заполнение полей',
      fields: [{ field: 'phones.0.value', message: 'Некорректный номер телефона' }],
    });
    const bad = await employee.patch(`/api/users/${p.users.employee.id}`, { version: before.version, emails: [{ type: 'work', value: 'not-an-email' }] });
    expect(bad.json().error.fields).toEqual([{ field: 'emails.0.value', message: 'Некорректный e-mail' }]);
    expect(await profile(employee, p.users.employee.id)).toMatchObject({ phones: before.phones, version: before.version });
  });

  it("does not let an employee change their own position or role, nor anyone else's profile", async () => {
    const own = await profile(employee, p.users.employee.id);
    for (const patch of [{ position: 'Директор' }, { role: 'admin' }, { departmentId: p.departments.root }]) {
      const res = await employee.patch(`/api/users/${p.users.employee.id}`, { version: own.version, ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', message: 'Недостаточно прав' });
    }
    const colleague = await profile(employee, p.users.other.id);
    const res = await employee.patch(`/api/users/${p.users.other.id}`, { version: colleague.version, phones: [{ type: 'mobile', value: '+79990001122' }] });
    expect(res.statusCode).toBe(403);
    expect(await profile(admin, p.users.employee.id)).toMatchObject({ position: 'Менеджер', role: 'employee' });
    expect((await profile(admin, p.users.other.id)).phones).toEqual(colleague.phones);

    // The administrator may.
    const byAdmin = await admin.patch(`/api/users/${p.users.employee.id}`, { version: own.version, position: 'Старший менеджер', managerId: p.users.admin.id });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json()).toMatchObject({ position: 'Старший менеджер', manager: { id: p.users.admin.id } });
    const selfManager = await admin.patch(`/api/users/${p.users.other.id}`, { version: colleague.version, managerId: p.users.other.id });
    expect(selfManager.json().error.fields).toEqual([{ field: 'managerId', message: 'Сотрудник не может быть руководителем самого себя' }]);
  });
});

describe('invitations', () => {
  let p: TestPortal;
  let admin: Agent;
  beforeAll(async () => {
    p = await buildPortal(t);
    admin = await signIn(t, p.portal.name, p.users.admin.email);
  });

  it('invites by e-mail: the link in the kept mail sets the password and signs the newcomer in', async () => {
    const email = `petr.${p.portal.name}@example.test`;
    const res = await admin.post('/api/users/invite', { login: email.toUpperCase(), firstName: 'Пётр', lastName: 'Новиков', position: 'Инженер', departmentId: p.departments.team });
    expect(res.statusCode).toBe(200);
    const invited = res.json();
    expect(invited).toMatchObject({ fullName: 'Пётр Новиков', status: 'invited', departmentName: 'Отдел', login: { email, phone: null } });
    // Not signed in yet: there is no password.
    expect((await agent(t, p.portal.name).post('/api/auth/login', { login: email, password: PASSWORD })).statusCode).toBe(401);

    const mail = await lastMailTo(admin, email);
    expect(mail).toMatchObject({ subject: `Приглашение на портал «${p.portal.title}»`, status: 'kept' });
    expect(mail!.text).toContain('Здравствуйте, Пётр Новиков!');
    expect(mail!.text).toContain('Анна Админова приглашает вас');
    const token = linkToken(mail!.text, p.portal.name, 'invite');

    const newcomer = agent(t, p.portal.name);
    expect((await newcomer.get(`/api/auth/token/${token}`)).json()).toEqual({ login: email, name: 'Пётр Новиков', portal: p.portal.title, hasPassword: false });
    const short = await newcomer.post('/api/auth/password/set', { token, password: 'short' });
    expect(short.json().error.fields).toEqual([{ field: 'password', message: 'Пароль должен быть не короче 8 символов' }]);
    const set = await newcomer.post('/api/auth/password/set', { token, password: 'petr-password-1' });
    expect(set.statusCode).toBe(200);
    expect(set.json().user).toMatchObject({ id: invited.id, fullName: 'Пётр Новиков' });
    expect((await newcomer.get('/api/auth/me')).json().user.fullName).toBe('Пётр Новиков');

    const reused = await agent(t, p.portal.name).post('/api/auth/password/set', { token, password: 'someone-else-1' });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.message).toBe('Ссылка недействительна или устарела');
    await signIn(t, p.portal.name, email, 'petr-password-1');
    expect((await admin.get(`/api/users/${invited.id}`)).json().status).toBe('active');

    // Joining is a change like any other: history and the administrators' bell learn of it.
    await t.platform.events.drain();
    expect((await admin.get(`/api/history/user/${invited.id}`)).json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'status', oldValue: 'invited', newValue: 'active', actorId: invited.id })]),
    );
    expect((await admin.get('/api/notifications')).json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: 'Добро пожаловать на портал', body: 'Сотрудник Пётр Новиков присоединился к порталу' })]),
    );
  });

  it('invites by phone: the mail is kept for the administrator, and the newcomer signs in by phone', async () => {
    const res = await admin.post('/api/users/invite', { login: '8 (977) 555-12-34', firstName: 'Вера', lastName: 'Телефонова' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'invited', login: { email: null, phone: '+79775551234' }, phones: [{ type: 'mobile', value: '+79775551234' }] });
    const mail = await lastMailTo(admin, '+79775551234');
    expect(mail?.status).toBe('kept');
    const token = linkToken(mail!.text, p.portal.name, 'invite');
    const newcomer = agent(t, p.portal.name);
    expect((await newcomer.post('/api/auth/password/set', { token, password: 'vera-password-1' })).statusCode).toBe(200);
    await signIn(t, p.portal.name, '+7 977 555 12 34', 'vera-password-1');
  });

  it('refuses to invite an existing member, and employees cannot invite', async () => {
    const dup = await admin.post('/api/users/invite', { login: p.users.employee.email, firstName: 'Иван', lastName: 'Ещёраз' });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.fields).toEqual([{ field: 'login', message: 'Этот сотрудник уже есть на портале' }]);
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    const res = await employee.post('/api/users/invite', { login: 'someone@example.test', firstName: 'А', lastName: 'Б' });
    expect(res.statusCode).toBe(403);
  });

  it("does not let an invitation replace the password of someone's existing account", async () => {
    const elsewhere = await buildPortal(t);
    const victim = elsewhere.users.employee.email;
    expect((await admin.post('/api/users/invite', { login: victim, firstName: 'Иван', lastName: 'Сотрудников' })).statusCode).toBe(200);
    const token = linkToken((await lastMailTo(admin, victim))!.text, p.portal.name, 'invite');
    // Whoever reads the link (this portal's administrator) cannot take the account over...
    const takeover = await agent(t, p.portal.name).post('/api/auth/password/set', { token, password: 'taken-over-1' });
    expect(takeover.statusCode).toBe(401);
    expect((await agent(t, elsewhere.portal.name).post('/api/auth/login', { login: victim, password: 'taken-over-1' })).statusCode).toBe(401);
    await signIn(t, elsewhere.portal.name, victim, PASSWORD);
    // ...while the owner joins with the password they have.
    const joined = await agent(t, p.portal.name).post('/api/auth/password/set', { token, password: PASSWORD });
    expect(joined.statusCode).toBe(200);
    expect(
      joined
        .json()
        .portals.map((x: { name: string }) => x.name)
        .sort(),
    ).toEqual([elsewhere.portal.name, p.portal.name].sort());
  });

  it('does not let an invitation be used to guess the password of an existing account', async () => {
    const elsewhere = await buildPortal(t);
    const victim = elsewhere.users.other.email;
    await admin.post('/api/users/invite', { login: victim, firstName: 'Мария', lastName: 'Другова' });
    const token = linkToken((await lastMailTo(admin, victim))!.text, p.portal.name, 'invite');
    for (let i = 0; i < 5; i++) {
      expect((await agent(t, p.portal.name).post('/api/auth/password/set', { token, password: `guess-number-${i}` })).statusCode).toBe(401);
    }
    // Locked like sign-in: even the right password is refused for now.
    const locked = await agent(t, p.portal.name).post('/api/auth/password/set', { token, password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/Слишком много неудачных попыток входа/);
  });
});

describe('deactivation', () => {
  it('signs the user out, keeps them out, and lets them back in once activated', async () => {
    const p = await buildPortal(t);
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const other = await signIn(t, p.portal.name, p.users.other.email);
    expect((await other.get('/api/auth/me')).statusCode).toBe(200);

    const off = await admin.post(`/api/users/${p.users.other.id}/deactivate`);
    expect(off.statusCode).toBe(200);
    expect(off.json().status).toBe('inactive');
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await other.get('/api/users')).statusCode).toBe(401);
    const denied = await agent(t, p.portal.name).post('/api/auth/login', { login: p.users.other.email, password: PASSWORD });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().error.message).toBe('Неверный логин или пароль');

    expect((await admin.post(`/api/users/${p.users.other.id}/activate`)).json().status).toBe('active');
    const back = await signIn(t, p.portal.name, p.users.other.email);
    expect((await back.get('/api/auth/me')).json().user.fullName).toBe('Мария Другова');

    const self = await admin.post(`/api/users/${p.users.admin.id}/deactivate`);
    expect(self.statusCode).toBe(400);
    expect(self.json().error.message).toBe('Нельзя отключить самого себя');
    expect((await back.post(`/api/users/${p.users.employee.id}/deactivate`)).statusCode).toBe(403);
  });
});

describe('departments', () => {
  it('are created, renamed and moved by administrators, never into themselves', async () => {
    const p = await buildPortal(t);
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    expect((await employee.post('/api/departments', { name: 'Тайный отдел' })).statusCode).toBe(403);

    const sales = (await admin.post('/api/departments', { name: 'Отдел продаж', parentId: p.departments.root, headId: p.users.head.id })).json();
    expect(sales).toMatchObject({ name: 'Отдел продаж', parentId: p.departments.root, head: { fullName: 'Ольга Начальникова' }, employeeCount: 0 });
    const group = (await admin.post('/api/departments', { name: 'Группа А', parentId: sales.id })).json();

    for (const parentId of [sales.id, group.id]) {
      const res = await admin.patch(`/api/departments/${sales.id}`, { version: sales.version, parentId });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ field: 'parentId', message: 'Отдел не может входить сам в себя' }]);
    }
    const renamed = await admin.patch(`/api/departments/${sales.id}`, { version: sales.version, name: 'Отдел продаж и маркетинга' });
    // A rename keeps where the department sits and who heads it.
    expect(renamed.json()).toMatchObject({ name: 'Отдел продаж и маркетинга', parentId: p.departments.root, head: { fullName: 'Ольга Начальникова' } });

    const refused = await admin.del(`/api/departments/${sales.id}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'has_children', message: 'Сначала перенесите или удалите вложенные отделы' });

    // An employee of a deleted department stays, without a department.
    const { version } = (await admin.get(`/api/users/${p.users.other.id}`)).json();
    await admin.patch(`/api/users/${p.users.other.id}`, { version, departmentId: group.id });
    expect((await admin.del(`/api/departments/${group.id}`)).statusCode).toBe(200);
    expect((await admin.del(`/api/departments/${sales.id}`)).statusCode).toBe(200);
    const left = (await employee.get('/api/departments')).json().items.map((d: { name: string }) => d.name);
    expect(left).toEqual(expect.arrayContaining(['Компания', 'Отдел']));
    expect(left).not.toContain('Группа А');
    expect((await admin.get(`/api/users/${p.users.other.id}`)).json()).toMatchObject({ status: 'active', departmentId: null });
  });
});

describe('password reset', () => {
  let p: TestPortal;
  let admin: Agent;
  beforeAll(async () => {
    p = await buildPortal(t);
    admin = await signIn(t, p.portal.name, p.users.admin.email);
  });
  const outboxSize = async () => (await admin.get('/api/admin/mail-outbox')).json().items.length;

  it('answers the same for an unknown login and sends nothing', async () => {
    const before = await outboxSize();
    const res = await agent(t, p.portal.name).post('/api/auth/password/forgot', { login: 'nobody@example.test' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(await outboxSize()).toBe(before);
  });

  it('does not put a link for an account of another portal into this portal’s outbox', async () => {
    const elsewhere = await buildPortal(t);
    const before = await outboxSize();
    const res = await agent(t, p.portal.name).post('/api/auth/password/forgot', { login: elsewhere.users.admin.email });
    expect(res.json()).toEqual({ ok: true });
    expect(await outboxSize()).toBe(before);
  });

  it('keeps the link of a person who also works in another portal out of this portal’s outbox', async () => {
    const elsewhere = await buildPortal(t);
    // The employee of another portal joins this one too: one Passport account, two portals.
    await admin.post('/api/users/invite', { login: elsewhere.users.head.email, firstName: 'Ольга', lastName: 'Начальникова' });
    const token = linkToken((await lastMailTo(admin, elsewhere.users.head.email))!.text, p.portal.name, 'invite');
    expect((await agent(t, p.portal.name).get(`/api/auth/token/${token}`)).json()).toMatchObject({ hasPassword: true });
    expect((await agent(t, p.portal.name).post('/api/auth/password/set', { token, password: PASSWORD })).statusCode).toBe(200);

    const before = await outboxSize();
    expect((await agent(t, p.portal.name).post('/api/auth/password/forgot', { login: elsewhere.users.head.email })).json()).toEqual({ ok: true });
    expect(await outboxSize()).toBe(before);
    const kept = await t.platform.db.selectFrom('mail_outbox').select(['portal_id', 'subject']).where('to_address', '=', elsewhere.users.head.email).orderBy('id', 'desc').executeTakeFirst();
    expect(kept).toEqual({ portal_id: null, subject: 'Восстановление пароля' });
  });

  it('mails a one-time link that sets a new password, ends old sessions and retires the old password', async () => {
    const { email } = p.users.employee;
    const oldSession = await signIn(t, p.portal.name, email);
    const res = await agent(t, p.portal.name).post('/api/auth/password/forgot', { login: email.toUpperCase() });
    expect(res.json()).toEqual({ ok: true });
    const mail = await lastMailTo(admin, email);
    expect(mail?.subject).toBe('Восстановление пароля');
    const token = linkToken(mail!.text, p.portal.name, 'reset');

    const user = agent(t, p.portal.name);
    const set = await user.post('/api/auth/password/set', { token, password: 'brand-new-pass' });
    expect(set.statusCode).toBe(200);
    expect(set.json().user.fullName).toBe('Иван Сотрудников');
    expect((await user.get('/api/auth/me')).statusCode).toBe(200);
    expect((await oldSession.get('/api/auth/me')).statusCode).toBe(401);

    expect((await agent(t, p.portal.name).post('/api/auth/login', { login: email, password: PASSWORD })).statusCode).toBe(401);
    await signIn(t, p.portal.name, email, 'brand-new-pass');
    const again = await agent(t, p.portal.name).post('/api/auth/password/set', { token, password: 'third-password' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toMatchObject({ code: 'token_invalid', message: 'Ссылка недействительна или устарела' });
    await signIn(t, p.portal.name, email, 'brand-new-pass');
  });
});

describe('mail over SMTP', () => {
  it('delivers the invitation through the configured SMTP server by a background job', async () => {
    const peer = await startSmtpPeer();
    const s = await startTestApp({ smtpUrl: peer.url }, { workers: true });
    try {
      const p = await buildPortal(s);
      const admin = await signIn(s, p.portal.name, p.users.admin.email);
      const email = `smtp.${p.portal.name}@example.test`;
      expect((await admin.post('/api/users/invite', { login: email, firstName: 'Олег', lastName: 'Почтов' })).statusCode).toBe(200);

      const mail = await waitFor(() => peer.received.find((m) => m.to.includes(email)), 10_000, 'the SMTP server to receive the invitation');
      expect(mail.subject).toBe(`Приглашение на портал «${p.portal.title}»`);
      expect(mail.text).toContain('Здравствуйте, Олег Почтов!');
      const token = linkToken(mail.text, p.portal.name, 'invite');
      await waitFor(async () => (await lastMailTo(admin, email))?.status === 'sent' || undefined, 5000, 'the outbox to mark it sent');
      // The delivered link works.
      expect((await agent(s, p.portal.name).post('/api/auth/password/set', { token, password: 'oleg-password-1' })).statusCode).toBe(200);
    } finally {
      await s.dispose();
      await peer.close();
    }
  });
});
