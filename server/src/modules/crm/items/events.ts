import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import type { DomainEventInput } from '../../../platform/events/outbox.js';

/**
 * Records many domain events in the caller's transaction, in batches: bulk actions and a
 * stage deleted with its items move up to thousands of items, one event each. The rows are
 * the ones `recordEvent` writes.
 */
export async function recordEvents(ctx: Ctx, events: DomainEventInput[]): Promise<void> {
  const at = nowIso();
  for (let i = 0; i < events.length; i += 500) {
    const rows = events.slice(i, i + 500).map((e) => ({
      portal_id: ctx.portal.id,
      type: e.type,
      entity_type: e.entityType,
      entity_id: String(e.entityId),
      actor_id: ctx.actor?.userId ?? null,
      payload: JSON.stringify({ ...(e.payload ?? {}), ...(e.changes ? { changes: e.changes } : {}) }),
      created_at: at,
    }));
    await ctx.db.insertInto('domain_event').values(rows).execute();
  }
}
