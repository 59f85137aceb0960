import { checkAccess } from '../access.js';
import type { Ctx } from '../context.js';
import type { DomainEvent } from '../events/outbox.js';
import type { Registry } from '../registry/registry.js';

/** The item whose readers hear an event. */
export interface ReadersOf {
  entityType: string;
  entityId: number | string;
}

/**
 * Who hears a change of an entity type on the realtime socket (a module's `realtime` entry):
 * - `'portal'`: every member of the portal, for what is public within it (the menu, pipelines);
 * - `'readers'`: the members who may read the changed item (`checkAccess(read)`);
 * - `{ readersOf, gone }`: the same for another item, e.g. a comment heard by the readers of its deal
 *   (`readersOf` left out: the item itself); `gone`: for an item no longer there (its deletion),
 *   whether the member could read it, told from the event alone;
 * - `{ users }`: named users only (their `user:<id>` channel).
 */
export type RealtimeAudience =
  'portal' | 'readers' | { readersOf?: (event: DomainEvent) => ReadersOf | null; gone?: (ctx: Ctx, event: DomainEvent) => Promise<boolean> } | { users: (event: DomainEvent) => number[] };

/** The page's message about a changed item. */
export interface EntityChanged {
  type: 'entity.changed';
  entityType: string;
  entityId: string;
  event: string;
}

/** What goes through the readers' channel: the event, checked against each socket's user before its message is sent. */
export interface GatedChange {
  event: DomainEvent;
  message: EntityChanged;
}

/** The channel of every socket of a portal that hears changes only after its user's rights are checked. */
export const readersChannel = (portalId: number) => `readers:${portalId}`;

/** The channels an event goes to and what each receives; none for types no module lets anyone hear. */
export function deliveriesOf(registry: Registry, event: DomainEvent): [channel: string, message: EntityChanged | GatedChange][] {
  const message: EntityChanged = { type: 'entity.changed', entityType: event.entityType, entityId: event.entityId, event: event.type };
  const audience = registry.realtimeAudience(event.entityType);
  if (!audience) return [];
  if (audience === 'portal') return [[`portal:${event.portalId}`, message]];
  if (typeof audience === 'object' && 'users' in audience) return [...new Set(audience.users(event))].map((u) => [`user:${u}`, message]);
  return [[readersChannel(event.portalId), { event, message }]];
}

function target(audience: RealtimeAudience, event: DomainEvent): ReadersOf | null {
  if (audience === 'readers') return { entityType: event.entityType, entityId: event.entityId };
  if (typeof audience === 'object' && !('users' in audience)) return audience.readersOf ? audience.readersOf(event) : { entityType: event.entityType, entityId: event.entityId };
  return null;
}

/**
 * A socket's listener on its portal's readers channel: the changes that arrive together are
 * checked in one batch per entity type with the socket user's rights as they are now, and only
 * the allowed ones are sent, in the order they came.
 */
export function rightsGate(registry: Registry, ctxNow: () => Ctx, send: (m: EntityChanged) => void, onError: (err: unknown) => void): (m: unknown) => void {
  let pending: GatedChange[] = [];
  let chain = Promise.resolve();
  const flush = async (batch: GatedChange[]) => {
    const ctx = ctxNow();
    const targets = batch.map((c) => {
      const audience = registry.realtimeAudience(c.event.entityType);
      return { c, audience, t: audience ? target(audience, c.event) : null };
    });
    const byType = new Map<string, (number | string)[]>();
    for (const { t } of targets) if (t) byType.set(t.entityType, [...(byType.get(t.entityType) ?? []), t.entityId]);
    const allowed = new Map<string, Set<number>>();
    for (const [type, ids] of byType) allowed.set(type, await checkAccess(ctx, 'read', type, ids));
    for (const { c, audience, t } of targets) {
      if (!t || !audience) continue;
      let ok = allowed.get(t.entityType)?.has(Number(t.entityId)) ?? false;
      if (!ok && typeof audience === 'object' && 'gone' in audience && audience.gone) ok = await audience.gone(ctx, c.event);
      if (ok) send(c.message);
    }
  };
  return (m) => {
    pending.push(m as GatedChange);
    if (pending.length > 1) return;
    // Everything that arrives before the check starts goes in one batch.
    chain = chain.then(async () => {
      const batch = pending;
      pending = [];
      await flush(batch).catch(onError);
    });
  };
}
