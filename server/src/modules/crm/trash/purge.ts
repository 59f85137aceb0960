import { transaction, systemCtx, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { Job, JobHandler } from '../../../platform/jobs/jobs.js';
import type { Platform } from '../../../platform/platform.js';

export const PURGE_JOB = 'crm.trash.purge';
/** How long a deleted item waits in the trash. */
export const KEEP_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

/** The portal's daily purge, unless one is waiting already: the trash has something in it from now on. */
export async function schedulePurge(ctx: Ctx, runAt = new Date(Date.now() + DAY)): Promise<void> {
  const waiting = await ctx.db.selectFrom('job').select('id').where('type', '=', PURGE_JOB).where('portal_id', '=', ctx.portal.id).where('status', 'in', ['pending', 'running']).executeTakeFirst();
  if (!waiting) await ctx.sys.scheduleJob(ctx, { type: PURGE_JOB, portalId: ctx.portal.id, runAt });
}

/** Removes the entries older than `KEEP_DAYS` for good; answers how many went. */
export async function purgeTrash(ctx: Ctx, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - KEEP_DAYS * DAY).toISOString();
  const r = await scoped(ctx).deleteFrom('crm_trash').where('deleted_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * The trash's purge, one per portal, once a day: what waited 30 days goes for good (its file
 * links were taken out when it was deleted, so its files stay only as their uploaders' files).
 * It comes again the next day while anything is left.
 */
export function purgeJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    await transaction(systemCtx(platform, portal, { requestId: `crm-trash-purge-${job.id}` }), async (ctx) => {
      await purgeTrash(ctx);
      const left = await scoped(ctx).selectFrom('crm_trash').select('id').limit(1).executeTakeFirst();
      if (left) await ctx.sys.scheduleJob(ctx, { type: PURGE_JOB, portalId: portal.id, runAt: new Date(Date.now() + DAY) });
    });
  };
}
