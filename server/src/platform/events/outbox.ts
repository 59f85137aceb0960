import type { EventDef, EventPayload } from '@vavilon/contracts';
import type { Ctx } from '../context.js';
import { nowIso } from '../db/database.js';
import { insertRows } from '../db/bulk.js';

export interface Change {
  field: string;
  old: unknown;
  new: unknown;
}

/** What the caller says about one event of definition `D`; the payload may be left out when it has no required field. */
export type EventInput<D extends EventDef> = {
  entityType: string;
  entityId: string | number;
  /** Field changes, turned into the item's history by the history processor. */
  changes?: Change[];
} & ({} extends EventPayload<D> ? { payload?: EventPayload<D> } : { payload: EventPayload<D> });

/** One event ready for `recordEvents`: made by `eventOf`, so its payload was checked against its definition. */
export interface PendingEvent {
  def: EventDef;
  entityType: string;
  entityId: string | number;
  payload?: Record<string, unknown>;
  changes?: Change[];
}

export function eventOf<D extends EventDef>(def: D, input: EventInput<D>): PendingEvent {
  return { def, ...input } as PendingEvent;
}

/**
 * An event as a processor reads it: for a definition, its name and payload type; `type`
 * tells the definitions of a processor's union apart.
 */
export type DomainEvent<D extends EventDef = EventDef> =
  D extends EventDef<infer N>
    ? {
        id: number;
        portalId: number;
        type: N;
        entityType: string;
        entityId: string;
        actorId: number | null;
        payload: EventPayload<D>;
        changes: Change[];
        createdAt: string;
      }
    : never;

/**
 * Payloads are checked against their schema when recorded under tests and with
 * VALIDATE_RESPONSES=true (the same switch as replies); in production the types alone hold them.
 */
const validate = process.env.VALIDATE_RESPONSES ? process.env.VALIDATE_RESPONSES === 'true' : process.env.NODE_ENV === 'test';

export class EventPayloadError extends Error {}

function checked(def: EventDef, payload: Record<string, unknown> | undefined): Record<string, unknown> {
  const value = payload ?? {};
  if (validate) {
    const r = def.payload.safeParse(value);
    if (!r.success) {
      const what = r.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
      throw new EventPayloadError(`event ${def.name}: payload does not match its definition (${what})`);
    }
  }
  return value;
}

/** The stored payload: the event's own fields and, beside them, its field changes. */
function stored(def: EventDef, payload: Record<string, unknown> | undefined, changes: Change[] | undefined): string {
  const value = checked(def, payload);
  return JSON.stringify(changes ? { ...value, changes } : value);
}

/**
 * Records a domain event in the caller's transaction (the outbox). Consumers read it later,
 * so nothing is lost when the process dies between the write and the processing.
 */
export async function recordEvent<D extends EventDef>(ctx: Ctx, def: D, e: EventInput<D>): Promise<void> {
  const p = e as PendingEvent;
  await ctx.db
    .insertInto('domain_event')
    .values({
      portal_id: ctx.portal.id,
      type: def.name,
      entity_type: p.entityType,
      entity_id: String(p.entityId),
      actor_id: ctx.actor?.userId ?? null,
      payload: stored(def, p.payload, p.changes),
      created_at: nowIso(),
    })
    .execute();
}

const EVENT_COLUMNS = ['portal_id', 'type', 'entity_type', 'entity_id', 'actor_id', 'payload', 'created_at'];
const EVENT_CHUNK = 500;

/**
 * Records many domain events in the caller's transaction, in multi-row inserts: bulk actions,
 * an import and a stage deleted with its items move up to thousands of items, one event each.
 * The rows are the ones `recordEvent` writes.
 */
export async function recordEvents(ctx: Ctx, events: PendingEvent[]): Promise<void> {
  const at = nowIso();
  const actor = ctx.actor?.userId ?? null;
  for (let i = 0; i < events.length; i += EVENT_CHUNK) {
    const rows = events.slice(i, i + EVENT_CHUNK).map((e) => [ctx.portal.id, e.def.name, e.entityType, String(e.entityId), actor, stored(e.def, e.payload, e.changes), at]);
    await insertRows(ctx, 'domain_event', EVENT_COLUMNS, rows);
  }
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
