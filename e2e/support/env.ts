/** What the browser tests and their server share: the demo password and the demo people. */

/** The server's port is chosen in playwright.config.ts (3199 unless busy); tests use relative addresses. */
export const DEMO_PASSWORD = 'demo-e2e-pass-1';
export const PORTAL = { name: 'vavilonproject', title: 'Проектное бюро Vavilon' };

export interface DemoPerson {
  email: string;
  phone: string;
  name: string;
  position: string;
}

/**
 * The demo portal's people. Tests that change a person's settings or lock an account each
 * have their own person, so that the tests stay independent of their order:
 * - admin: invitations (pages.spec), edits tm2's profile (notifications.spec), sign-in by e-mail;
 * - headTm: profile page (pages.spec), hides a menu item (menu.spec);
 * - tm1: the collapsed/hover menu (menu.spec), sign-in by phone, search target «Кузнецов»;
 * - tm2: the notified employee (notifications.spec), sign-in by formatted phone;
 * - headSales: pins the menu (menu.spec), the wrong password;
 * - sales1: locked out (sign-in.spec) — no other test may use it.
 */
export const PEOPLE = {
  admin: { email: 'admin@vavilon.example', phone: '+7 900 000-00-01', name: 'Анна Смирнова', position: 'Директор' },
  headTm: { email: 'head.tm@vavilon.example', phone: '+7 900 000-00-02', name: 'Ольга Петрова', position: 'Руководитель отдела телемаркетинга' },
  tm1: { email: 'tm1@vavilon.example', phone: '+7 900 000-00-03', name: 'Иван Кузнецов', position: 'Менеджер по телемаркетингу' },
  tm2: { email: 'tm2@vavilon.example', phone: '+7 900 000-00-04', name: 'Мария Соколова', position: 'Менеджер по телемаркетингу' },
  headSales: { email: 'head.sales@vavilon.example', phone: '+7 900 000-00-05', name: 'Дмитрий Волков', position: 'Руководитель отдела продаж' },
  sales1: { email: 'sales1@vavilon.example', phone: '+7 900 000-00-06', name: 'Елена Морозова', position: 'Менеджер по продажам' },
} satisfies Record<string, DemoPerson>;
