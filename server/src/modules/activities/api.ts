import type { EntityType, ItemActivityCounts } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { nowIso } from '../../platform/db/database.js';

/**
 * What other modules may ask of the activities (the CRM's Kanban cards and lists, the automation).
 * The caller has checked that the actor may read the items.
 */

/** Creates an activity as `ctx`'s actor (a robot: the portal itself, with `authorId` null), with the same checks and events as a person's. */
export { createActivity } from './service.js';

/** Per item of `ids`: its planned activities, how many are overdue and the nearest deadline; items without any are absent. */
export async function activityCountsOf(ctx: Ctx, ownerType: EntityType, ids: number[]): Promise<Map<number, ItemActivityCounts>> {
  const out = new Map<number, ItemActivityCounts>();
  if (ids.length === 0) return out;
  const now = nowIso();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await scoped(ctx)
      .selectFrom('crm_activity')
      .where('owner_type', '=', ownerType)
      .where('owner_id', 'in', ids.slice(i, i + 500))
      .where('completed', '=', 0)
      .select((eb) => [
        'owner_id',
        eb.fn.countAll<number>().as('planned'),
        eb.fn.sum<number>(eb.case().when('deadline', '<', now).then(1).else(0).end()).as('overdue'),
        eb.fn.min<string>('deadline').as('nearest'),
      ])
      .groupBy('owner_id')
      .execute();
    for (const r of rows) out.set(r.owner_id, { planned: Number(r.planned), overdue: Number(r.overdue ?? 0), nearest: r.nearest ?? null });
  }
  return out;
}
