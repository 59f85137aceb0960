import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';

/** The install's first account is its operator: it creates further portals at /admin/portals. */
export async function seedDemoOperator(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const admin = await ctx.db.selectFrom('app_user').select('account_id').where('id', '=', seed.users.admin!).executeTakeFirstOrThrow();
  await ctx.db.updateTable('account').set({ is_operator: 1 }).where('id', '=', admin.account_id).execute();
}
