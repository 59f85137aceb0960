import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { people } from '../users/api.js';

/** The install's first account is its operator: it creates further portals at /admin/portals. */
export async function seedDemoOperator(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const admin = (await people(ctx, [seed.users.admin])).get(seed.users.admin!);
  if (admin) await ctx.db.updateTable('account').set({ is_operator: 1 }).where('id', '=', admin.accountId).execute();
}
