import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import type { DomainEventInput } from '../../../platform/events/outbox.js';
import { insertRows } from '../../../platform/db/bulk.js';

const EVENT_COLUMNS = ['portal_id', 'type', 'entity_type', 'entity_id', 'actor_id', 'payload', 'created_at'];

/**
 * Records many domain events in the caller's transaction, in batches: bulk actions and a
 * stage deleted with its items move up to thousands of items, one event each. The rows are
 * the ones `recordEvent` writes.
 */
export async function recordEvents(ctx: Ctx, events: DomainEventInput[]): Promise<void> {
  const at = nowIso();
  const actor = ctx.actor?.userId ?? null;
  for (let i = 0; i < events.length; i += 500) {
    const rows = events.slice(i, i + 500).map((e) => [
      ctx.portal.id, e.type, e.entityType, String(e.entityId), actor,
      JSON.stringify({ ...(e.payload ?? {}), ...(e.changes ? { changes: e.changes } : {}) }), at,
    ]);
    await insertRows(ctx, 'domain_event', EVENT_COLUMNS, rows);
  }
}
