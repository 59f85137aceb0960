import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;

beforeAll(async () => {
  t = await startTestApp({ lockAddressAfter: 1000 });
  p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
});
afterAll(() => t?.dispose());

type MenuItem = { id: string; title: string; path: string };
const menuOf = async (a: Agent) => {
  const res = await a.get('/api/shell');
  expect(res.statusCode).toBe(200);
  return res.json() as { menu: MenuItem[]; settings: Record<string, unknown> };
};
/** The menu's order restricted to the given items (other modules add theirs in between). */
const orderOf = (menu: MenuItem[], ids: string[]) => menu.map((m) => m.id).filter((id) => ids.includes(id));
const OWN = ['home', 'company', 'structure', 'sitemap'];
const DEFAULTS = { pinned: false, order: [], hidden: [], collapsedGroups: [] };

describe('main menu', () => {
  it('lists the tools in their default order, titled in the user’s language', async () => {
    const { menu, settings } = await menuOf(employee);
    expect(orderOf(menu, OWN)).toEqual(OWN);
    expect(menu.find((m) => m.id === 'sitemap')).toMatchObject({ title: 'Карта сайта', path: '/sitemap' });
    expect(menu.find((m) => m.id === 'company')).toMatchObject({ title: 'Сотрудники', path: '/company' });
    expect(settings).toEqual(DEFAULTS);
  });

  it('keeps settings pages out of the main menu: «Исходящие письма» is under «Настройки» of the site map, for administrators only', async () => {
    expect((await menuOf(admin)).menu.map((m) => m.id)).not.toContain('mail-outbox');
    expect((await menuOf(employee)).menu.map((m) => m.id)).not.toContain('mail-outbox');
    const sectionsOf = async (a: Agent) => (await a.get('/api/sitemap')).json().sections as { id: string; items: { id: string; title: string; path: string }[] }[];
    const adminSettings = (await sectionsOf(admin)).find((s) => s.id === 'settings');
    expect(adminSettings?.items.find((i) => i.id === 'mail-outbox')).toMatchObject({ title: 'Исходящие письма', path: '/settings/mail-outbox' });
    expect((await sectionsOf(employee)).flatMap((s) => s.items.map((i) => i.id))).not.toContain('mail-outbox');
    // The page's data is refused to everyone else with 403 (the page says «Нет доступа»).
    expect((await employee.get('/api/admin/mail-outbox')).statusCode).toBe(403);
    expect((await admin.get('/api/admin/mail-outbox')).statusCode).toBe(200);
  });

  it('keeps each user’s order, pin, hidden items and collapsed groups, across sign-out and sign-in', async () => {
    const mine = { pinned: true, order: ['sitemap', 'company', 'home'], hidden: ['structure'], collapsedGroups: ['collab'] };
    const put = await employee.put('/api/shell/settings', mine);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(mine);

    const { menu, settings } = await menuOf(employee);
    // Items the user has not placed keep their place after their default neighbour.
    expect(orderOf(menu, OWN)).toEqual(['sitemap', 'company', 'structure', 'home']);
    expect(settings).toEqual(mine);

    // Another user's menu is untouched.
    const other = await signIn(t, p.portal.name, p.users.other.email);
    const theirs = await menuOf(other);
    expect(orderOf(theirs.menu, OWN)).toEqual(OWN);
    expect(theirs.settings).toEqual(DEFAULTS);

    // Sign out and back in (another device, say): the same menu.
    expect((await employee.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await employee.get('/api/shell')).statusCode).toBe(401);
    employee = await signIn(t, p.portal.name, p.users.employee.email);
    const again = await menuOf(employee);
    expect(again.settings).toEqual(mine);
    expect(orderOf(again.menu, OWN)).toEqual(['sitemap', 'company', 'structure', 'home']);

    // A partial change keeps the rest.
    expect((await employee.put('/api/shell/settings', { pinned: false })).json()).toEqual({ ...mine, pinned: false });
    expect((await menuOf(employee)).settings).toEqual({ ...mine, pinned: false });
  });

  it('rejects malformed settings with the field named', async () => {
    const res = await employee.put('/api/shell/settings', { pinned: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'pinned', message: 'Неверный формат значения' }]);
  });
});

describe('site map', () => {
  it('lists every tool of the menu once, and the settings pages, grouped in titled sections', async () => {
    for (const [who, a] of [
      ['employee', employee],
      ['admin', admin],
    ] as const) {
      const { menu } = await menuOf(a);
      const res = await a.get('/api/sitemap');
      expect(res.statusCode).toBe(200);
      const sections = res.json().sections as { id: string; title: string; items: { id: string; title: string; path: string; description: string }[] }[];
      const ids = sections.flatMap((s) => s.items.map((i) => i.id));
      expect(ids.sort(), who).toEqual([...menu.map((m) => m.id), ...(who === 'admin' ? ['mail-outbox', 'processor-failures'] : [])].sort());
      for (const s of sections) {
        expect(s.title).not.toBe('');
        expect(s.items.length).toBeGreaterThan(0);
        for (const i of s.items) expect(i.description, i.id).not.toBe('');
      }
      const portal = sections.find((s) => s.id === 'portal')!;
      expect(portal.title).toBe('Портал');
      expect(portal.items.map((i) => i.id)).toEqual(expect.arrayContaining(['home', 'sitemap']));
      const company = sections.find((s) => s.id === 'company')!;
      expect(company).toMatchObject({ title: 'Компания' });
      expect(company.items.map((i) => i.title)).toEqual(expect.arrayContaining(['Сотрудники', 'Структура компании']));
    }
    const adminSettings = (await admin.get('/api/sitemap')).json().sections.find((s: { id: string }) => s.id === 'settings');
    expect(adminSettings.title).toBe('Настройки');
    expect(adminSettings.items.map((i: { id: string }) => i.id)).toContain('mail-outbox');
  });
});

describe('search', () => {
  type Group = { kind: string; title: string; items: { id: string; title: string; url: string }[] };
  const search = async (a: Agent, q: string) => {
    const res = await a.get(`/api/search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, q).toBe(200);
    return res.json().groups as Group[];
  };
  const titles = (groups: Group[], kind: string) => groups.find((g) => g.kind === kind)?.items.map((i) => i.title) ?? [];

  it('finds employees by a Russian name, also typed with the English layout on', async () => {
    for (const q of ['иван', 'Иван', 'bdfy', 'cjnhelybrjd']) {
      const groups = await search(employee, q);
      expect(titles(groups, 'employees'), q).toEqual(['Иван Сотрудников']);
      expect(groups.find((g) => g.kind === 'employees')).toMatchObject({ title: 'Сотрудники', items: [{ url: `/company/personal/user/${p.users.employee.id}` }] });
    }
  });

  it('finds menu items and sections, and only those the user may open', async () => {
    // Also the other way: «site map» typed with the Russian layout on.
    for (const q of ['карта', 'rfhnf', 'site map', 'ышеу ьфз']) {
      const menu = (await search(employee, q)).find((g) => g.kind === 'menu');
      expect(menu, q).toMatchObject({ title: 'Пункты меню и разделы' });
      expect(menu!.items, q).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Карта сайта', url: '/sitemap' })]));
    }
    expect(titles(await search(admin, 'исходящие'), 'menu')).toContain('Исходящие письма');
    expect(titles(await search(employee, 'исходящие'), 'menu')).not.toContain('Исходящие письма');
  });

  it('does not find deactivated or invited colleagues', async () => {
    const q = await buildPortal(t);
    const a = await signIn(t, q.portal.name, q.users.admin.email);
    await a.post(`/api/users/${q.users.other.id}/deactivate`);
    await a.post('/api/users/invite', { login: `new.${q.portal.name}@example.test`, firstName: 'Мария', lastName: 'Новенькая' });
    expect(titles(await search(a, 'мария'), 'employees')).toEqual([]);
    // Nor colleagues of another portal.
    expect(titles(await search(a, 'иван'), 'employees')).toEqual(['Иван Сотрудников']);
    expect((await search(employee, 'мария')).find((g) => g.kind === 'employees')!.items.map((i) => i.id)).toEqual([String(p.users.other.id)]);
  });
});

describe('help', () => {
  type Article = { id: string; title: string; html: string };
  const help = async (module: string, headers: Record<string, string> = {}) => {
    const res = await agent(t, p.portal.name).request('GET', `/api/help?module=${module}`, undefined, headers);
    expect(res.statusCode, module).toBe(200);
    return res.json().articles as Article[];
  };

  it('gives the articles of the module, then the portal’s general ones, before sign-in too', async () => {
    const articles = await help('company');
    expect(articles.map((a) => a.id)).toEqual(['profile', 'employees', 'structure', 'main-menu', 'search', 'sitemap', 'help']);
    expect(articles[0]).toMatchObject({ title: 'Профиль сотрудника' });
    expect(articles[0]!.html).toContain('<strong>Профиль</strong>');
    expect(articles[3]!.html).toMatch(/Закрепить меню/);

    const login = await help('login');
    expect(login.map((a) => a.title).slice(0, 4)).toEqual(['Вход на портал', 'Паспорт: один вход для нескольких порталов', 'Если вы забыли пароль', 'Приглашение на портал']);
    expect(login[0]!.html).toMatch(/номер телефона или e-mail/);
    expect((await help('notifications'))[0]).toMatchObject({ id: 'notifications', title: 'Уведомления' });
    expect((await help('no-such-module')).map((a) => a.id)).toEqual(['main-menu', 'search', 'sitemap', 'help']);
  });

  it('answers in English for English speakers', async () => {
    const en = await help('company', { 'accept-language': 'en' });
    expect(en.map((a) => a.title)).toEqual(['Employee profile', 'Employees', 'Company structure', 'Main menu', 'Searching the portal', 'Site map', 'Help']);
  });

  it('has every article of every module in both languages, titled and with text', async () => {
    for (const m of t.platform.registry.modules.filter((x) => x.help)) {
      const moduleId = m.help!.moduleIds[0]!;
      const ru = await help(moduleId);
      const en = await help(moduleId, { 'accept-language': 'en' });
      expect(ru.length, m.name).toBeGreaterThanOrEqual(4); // its own, then the four general ones
      expect(
        en.map((a) => a.id),
        m.name,
      ).toEqual(ru.map((a) => a.id));
      for (const a of [...ru, ...en]) {
        expect(a.title, `${m.name}/${a.id}`).not.toBe('');
        expect(a.html, `${m.name}/${a.id}`).toMatch(/<p>/);
        expect(a.html).not.toMatch(/<script|<h1/);
      }
    }
  });
});
