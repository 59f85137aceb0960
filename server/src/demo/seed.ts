import crypto from 'node:crypto';
import type { Platform } from '../platform/platform.js';
import { seedDemoClients } from '../modules/crm/clients/demo.js';
import { assignRoleByName, seedDemoDeals } from '../modules/crm/pipelines/defaults.js';
import { addDepartment, addMember, createPortal, setDepartmentHead } from '../modules/users/provision.js';
import { systemCtx } from '../platform/context.js';

export const DEMO_PORTAL = { name: 'vavilonproject', title: 'Проектное бюро Vavilon' };

export interface DemoResult {
  created: boolean;
  password: string | null;
  logins: { email: string; phone: string; name: string }[];
}

const PEOPLE = {
  admin: { email: 'admin@vavilon.example', phone: '+7 900 000-00-01', firstName: 'Анна', lastName: 'Смирнова', position: 'Директор' },
  headTm: { email: 'head.tm@vavilon.example', phone: '+7 900 000-00-02', firstName: 'Ольга', lastName: 'Петрова', position: 'Руководитель отдела телемаркетинга' },
  tm1: { email: 'tm1@vavilon.example', phone: '+7 900 000-00-03', firstName: 'Иван', lastName: 'Кузнецов', position: 'Менеджер по телемаркетингу' },
  tm2: { email: 'tm2@vavilon.example', phone: '+7 900 000-00-04', firstName: 'Мария', lastName: 'Соколова', position: 'Менеджер по телемаркетингу' },
  headSales: { email: 'head.sales@vavilon.example', phone: '+7 900 000-00-05', firstName: 'Дмитрий', lastName: 'Волков', position: 'Руководитель отдела продаж' },
  sales1: { email: 'sales1@vavilon.example', phone: '+7 900 000-00-06', firstName: 'Елена', lastName: 'Морозова', position: 'Менеджер по продажам' },
};

/** Creates the demo portal once; later runs find it and change nothing. */
export async function seedDemo(platform: Platform, demoPassword: string | null): Promise<DemoResult> {
  const logins = Object.values(PEOPLE).map((p) => ({ email: p.email, phone: p.phone, name: `${p.firstName} ${p.lastName}` }));
  const exists = await platform.db.selectFrom('portal').select('id').where('name', '=', DEMO_PORTAL.name).executeTakeFirst();
  if (exists) return { created: false, password: null, logins };
  const password = demoPassword ?? crypto.randomBytes(9).toString('base64url');

  try {
    await seedPortal(platform, password);
  } catch (err) {
    // Several processes started at once on an empty database: another one has just seeded it.
    const seeded = await platform.db.selectFrom('portal').select('id').where('name', '=', DEMO_PORTAL.name).executeTakeFirst();
    if (!seeded) throw err;
    await platform.portals.reload();
    return { created: false, password: null, logins };
  }
  await platform.portals.reload();
  platform.events.wake();
  return { created: true, password, logins };
}

async function seedPortal(platform: Platform, password: string): Promise<void> {
  await platform.db.transaction().execute(async (tx) => {
    const base = { db: tx, sys: platform.sys };
    const portal = await createPortal(base, DEMO_PORTAL.name, DEMO_PORTAL.title);
    const ctx = systemCtx(base, portal);
    const company = await addDepartment(ctx, DEMO_PORTAL.title, null);
    const tm = await addDepartment(ctx, 'Отдел телемаркетинга', company);
    const sales = await addDepartment(ctx, 'Отдел продаж', company);
    const admin = await addMember(ctx, { ...PEOPLE.admin, password, role: 'admin', departmentId: company });
    // The install's first account is its operator: it creates further portals at /admin/portals.
    await tx.updateTable('account').set({ is_operator: 1 }).where('email', '=', PEOPLE.admin.email).execute();
    const headTm = await addMember(ctx, { ...PEOPLE.headTm, password, departmentId: tm, managerId: admin });
    await addMember(ctx, { ...PEOPLE.tm1, password, departmentId: tm, managerId: headTm });
    await addMember(ctx, { ...PEOPLE.tm2, password, departmentId: tm, managerId: headTm });
    const headSales = await addMember(ctx, { ...PEOPLE.headSales, password, departmentId: sales, managerId: admin });
    const sales1 = await addMember(ctx, { ...PEOPLE.sales1, password, departmentId: sales, managerId: headSales });
    await setDepartmentHead(ctx, company, admin);
    await setDepartmentHead(ctx, tm, headTm);
    await setDepartmentHead(ctx, sales, headSales);

    // CRM: heads of departments read and edit their department's items (employees: read only,
    // and edit their own, by the default role «Сотрудник»); the administrator everything.
    await assignRoleByName(ctx, 'Руководитель отдела', [headTm, headSales]);
    // CRM: companies, contacts and leads, then deals across the «Продажи» stages.
    const clients = await seedDemoClients(ctx);
    await seedDemoDeals(ctx, { ...clients, userIds: [headSales, sales1] });
  });
}
