import { checkAccess, type ReaderSet } from '../access.js';
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

/**
 * The readers of the items changes are about, shared by the sockets of one process for a few
 * seconds: the first socket to hear a change asks, the others wait for the same answer.
 */
export class ReadersMemo {
  private readonly entries = new Map<string, Promise<ReaderSet | null>>();
  constructor(private readonly ttlMs = 5_000) {}
  /** `key` names the event and the item: each event's readers are read as they were when it arrived. */
  of(key: string, load: () => Promise<ReaderSet | null>): Promise<ReaderSet | null> {
    let p = this.entries.get(key);
    if (!p) {
      p = load().catch(() => null);
      this.entries.set(key, p);
      setTimeout(() => this.entries.delete(key), this.ttlMs).unref();
    }
    return p;
  }
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
export function rightsGate(registry: Registry, ctxNow: () => Ctx, send: (m: EntityChanged) => void, onError: (err: unknown) => void, shared?: ReadersMemo): (m: unknown) => void {
  let pending: GatedChange[] = [];
  let chain = Promise.resolve();
  const flush = async (batch: GatedChange[]) => {
    const ctx = ctxNow();
    const targets = batch.map((c) => {
      const audience = registry.realtimeAudience(c.event.entityType);
      return { c, audience, t: audience ? target(audience, c.event) : null };
    });
    // Types that name their readers are decided once per process and event for every socket;
    // the others are asked per socket, one batch per type.
    const shareable = (type: string) => (shared && ctx.actor && ctx.actor.role !== 'admin' ? registry.entityAccess(type)?.readers : undefined);
    const byType = new Map<string, (number | string)[]>();
    for (const { t } of targets) if (t && !shareable(t.entityType)) byType.set(t.entityType, [...(byType.get(t.entityType) ?? []), t.entityId]);
    const allowed = new Map<string, Set<number>>();
    for (const [type, ids] of byType) allowed.set(type, await checkAccess(ctx, 'read', type, ids));
    const heardShared = async (c: GatedChange, t: ReadersOf): Promise<boolean> => {
      const readers = shareable(t.entityType)!;
      const id = Number(t.entityId);
      if (!Number.isInteger(id) || id <= 0) return false;
      const set = await shared!.of(`${c.event.portalId}:${c.event.id}:${t.entityType}:${id}`, () => readers({ ...ctx, actor: null, system: true }, [id]).then((m) => m.get(id) ?? null));
      return !!set && (set.everyone || set.users.has(ctx.actor!.userId));
    };
    for (const { c, audience, t } of targets) {
      if (!t || !audience) continue;
      let ok = shareable(t.entityType) ? await heardShared(c, t) : (allowed.get(t.entityType)?.has(Number(t.entityId)) ?? false);
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
