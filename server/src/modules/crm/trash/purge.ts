import { transaction, systemCtx, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { Job, JobHandler } from '../../../platform/jobs/jobs.js';
import type { Platform } from '../../../platform/platform.js';
import { forgetAll, type Held } from '../../../platform/items/holders.js';

export const PURGE_JOB = 'crm.trash.purge';
/** How long a deleted item waits in the trash. */
export const KEEP_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

/** The portal's daily purge, unless one is waiting already: the trash has something in it from now on. */
export async function schedulePurge(ctx: Ctx, runAt = new Date(Date.now() + DAY)): Promise<void> {
  const waiting = await ctx.db.selectFrom('job').select('id').where('type', '=', PURGE_JOB).where('portal_id', '=', ctx.portal.id).where('status', 'in', ['pending', 'running']).executeTakeFirst();
  if (!waiting) await ctx.sys.scheduleJob(ctx, { type: PURGE_JOB, portalId: ctx.portal.id, runAt });
}

/** Entries dropped per step: their snapshots are read to tell the holders what goes with them. */
const DROP_PAGE = 500;

/**
 * Removes trash entries for good, in the caller's transaction: all of them, those deleted before
 * `before`, or the one `entryId`; every holder drops what only their snapshots still named (files
 * attached to nothing else leave the store). Answers how many went.
 */
export async function dropEntries(ctx: Ctx, which: { before?: string; entryId?: number } = {}): Promise<number> {
  let removed = 0;
  let after = 0;
  for (;;) {
    let q = scoped(ctx).selectFrom('crm_trash').select(['id', 'entity_type', 'snapshot']).where('id', '>', after).orderBy('id').limit(DROP_PAGE);
    if (which.before) q = q.where('deleted_at', '<', which.before);
    if (which.entryId !== undefined) q = q.where('id', '=', which.entryId);
    const rows = await q.execute();
    if (!rows.length) break;
    const byType = new Map<string, Held[]>();
    for (const r of rows) {
      const held = (JSON.parse(r.snapshot) as { held?: Held }).held ?? {};
      byType.set(r.entity_type, [...(byType.get(r.entity_type) ?? []), held]);
    }
    for (const [type, helds] of byType) await forgetAll(ctx, type, helds);
    const ids = rows.map((r) => r.id);
    await scoped(ctx).deleteFrom('crm_trash').where('id', 'in', ids).execute();
    removed += ids.length;
    if (rows.length < DROP_PAGE) break;
    after = ids[ids.length - 1]!;
  }
  return removed;
}

/** Removes the entries older than `KEEP_DAYS` for good; answers how many went. */
export async function purgeTrash(ctx: Ctx, now = new Date()): Promise<number> {
  return dropEntries(ctx, { before: new Date(now.getTime() - KEEP_DAYS * DAY).toISOString() });
}

/**
 * The trash's purge, one per portal, once a day: what waited 30 days goes for good, with the
 * files only it still named.
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
