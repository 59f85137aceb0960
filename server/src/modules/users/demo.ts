import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { addDepartment, addMember, rootDepartment, setDepartmentHead } from './provision.js';
import { ensureDepartment } from './api.js';

const PEOPLE = {
  admin: { email: 'admin@vavilon.example', phone: '+7 900 000-00-01', firstName: 'Анна', lastName: 'Смирнова', position: 'Директор' },
  headTm: { email: 'head.tm@vavilon.example', phone: '+7 900 000-00-02', firstName: 'Ольга', lastName: 'Петрова', position: 'Руководитель отдела телемаркетинга' },
  tm1: { email: 'tm1@vavilon.example', phone: '+7 900 000-00-03', firstName: 'Иван', lastName: 'Кузнецов', position: 'Менеджер по телемаркетингу' },
  tm2: { email: 'tm2@vavilon.example', phone: '+7 900 000-00-04', firstName: 'Мария', lastName: 'Соколова', position: 'Менеджер по телемаркетингу' },
  headSales: { email: 'head.sales@vavilon.example', phone: '+7 900 000-00-05', firstName: 'Дмитрий', lastName: 'Волков', position: 'Руководитель отдела продаж' },
  sales1: { email: 'sales1@vavilon.example', phone: '+7 900 000-00-06', firstName: 'Елена', lastName: 'Морозова', position: 'Менеджер по продажам' },
};

/** The demo company: its departments and six people (`seed.users.admin`, `.headSales`...), one password for all. */
export async function seedDemoPeople(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const { password } = seed;
  const company = await rootDepartment(ctx);
  // «Воронка обзвона» made the department (under the top) with the portal: the demo fills it.
  const tm = await ensureDepartment(ctx, 'Отдел телемаркетинга');
  const sales = await addDepartment(ctx, 'Отдел продаж', company);
  const admin = await addMember(ctx, { ...PEOPLE.admin, password, role: 'admin', departmentId: company });
  const headTm = await addMember(ctx, { ...PEOPLE.headTm, password, departmentId: tm, managerId: admin });
  const tm1 = await addMember(ctx, { ...PEOPLE.tm1, password, departmentId: tm, managerId: headTm });
  const tm2 = await addMember(ctx, { ...PEOPLE.tm2, password, departmentId: tm, managerId: headTm });
  const headSales = await addMember(ctx, { ...PEOPLE.headSales, password, departmentId: sales, managerId: admin });
  const sales1 = await addMember(ctx, { ...PEOPLE.sales1, password, departmentId: sales, managerId: headSales });
  await setDepartmentHead(ctx, company, admin);
  await setDepartmentHead(ctx, tm, headTm);
  await setDepartmentHead(ctx, sales, headSales);
  Object.assign(seed.users, { admin, headTm, tm1, tm2, headSales, sales1 });
  seed.logins.push(...Object.values(PEOPLE).map((p) => ({ email: p.email, phone: p.phone, name: `${p.firstName} ${p.lastName}` })));
}
