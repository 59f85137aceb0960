import type { Ctx } from '../context.js';
import { nowIso } from '../db/database.js';

export interface Change {
  field: string;
  old: unknown;
  new: unknown;
}

export interface DomainEventInput {
  /** `<module>.<entity>.<verb>`, e.g. `users.user.updated`. */
  type: string;
  entityType: string;
  entityId: string | number;
  payload?: Record<string, unknown>;
  /** Field changes, turned into the item's history by the history processor. */
  changes?: Change[];
}

export interface DomainEvent {
  id: number;
  portalId: number;
  type: string;
  entityType: string;
  entityId: string;
  actorId: number | null;
  payload: Record<string, unknown> & { changes?: Change[] };
  createdAt: string;
}

/**
 * Records a domain event in the caller's transaction (the outbox). Consumers read it later,
 * so nothing is lost when the process dies between the write and the processing.
 */
export async function recordEvent(ctx: Ctx, e: DomainEventInput): Promise<void> {
  await ctx.db
    .insertInto('domain_event')
    .values({
      portal_id: ctx.portal.id,
      type: e.type,
      entity_type: e.entityType,
      entity_id: String(e.entityId),
      actor_id: ctx.actor?.userId ?? null,
      payload: JSON.stringify({ ...(e.payload ?? {}), ...(e.changes ? { changes: e.changes } : {}) }),
      created_at: nowIso(),
    })
    .execute();
}

export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>, fields: (keyof T & string)[]): Change[] {
  const out: Change[] = [];
  for (const f of fields) {
    if (!(f in after)) continue;
    const a = before[f];
    const b = after[f];
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: f, old: a ?? null, new: b ?? null });
  }
  return out;
}
