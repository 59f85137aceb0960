import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { seedDemoClients } from './clients/demo.js';
import { seedDemoDuplicates } from './duplicates/demo.js';
import { assignRoleByName, seedDemoDeals } from './pipelines/defaults.js';

/** The demo portal's CRM: roles of the department heads, companies, contacts and leads, deals across «Продажи». */
export async function seedDemoCrm(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const { headTm, headSales, sales1 } = seed.users;
  // Heads of departments read and edit their department's items (employees: read only, and edit
  // their own, by the default role «Сотрудник»); the administrator everything.
  await assignRoleByName(ctx, 'Руководитель отдела', [headTm!, headSales!]);
  const clients = await seedDemoClients(ctx);
  await seedDemoDeals(ctx, { ...clients, userIds: [headSales!, sales1!] });
  await seedDemoDuplicates(ctx, sales1 ?? null);
}
