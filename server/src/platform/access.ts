import type { Ctx } from './context.js';
import { scoped, type PortalTable } from './db/scoped.js';
import { errors } from './errors.js';

/** What an actor wants to do to items. `history` falls back to `read` for a type without its own checker. */
export type Permission = 'read' | 'update' | 'delete' | 'history';

/**
 * A module's batched answer for one permission on one entity type: the ids among `ids` the actor
 * may act on. It is only ever given distinct, well-formed ids of items that exist in `ctx.portal`
 * and an actor who is not a portal administrator; whatever else it answers is ignored.
 */
export type AccessChecker = (ctx: Ctx, ids: number[]) => Promise<Iterable<number>>;

/** How a module's entity type is checked: its portal table (by `id`) and a checker per permission. */
export type EntityAccess = { table: PortalTable } & Partial<Record<Permission, AccessChecker>> & {
    /** For a file field of the item (`file_link.field`): whether the actor may read that field at all. */
    readableField?: (ctx: Ctx, field: string) => Promise<boolean>;
    /**
     * Optional: who may read each of `ids` (asked with a system ctx), the same answer `read` gives
     * per user. A change heard by thousands of sockets is then decided once per process, not once
     * per socket (a post to everyone). Administrators read everything regardless.
     */
    readers?: (ctx: Ctx, ids: number[]) => Promise<Map<number, ReaderSet>>;
  };

/** The readers of an item: every member of the portal, or the users named. */
export type ReaderSet = { everyone: true } | { everyone: false; users: ReadonlySet<number> };

export type AccessRegistrations = Record<string, EntityAccess>;

/** Where `checkAccess` finds each entity type's registration (the module registry). */
export interface AccessSource {
  entityAccess(entityType: string): EntityAccess | null;
}

const MAX_ID = 2_147_483_647;

function wellFormed(ids: Iterable<number | string>): number[] {
  const out = new Set<number>();
  for (const raw of ids) {
    const s = String(raw);
    if (!/^[1-9]\d{0,9}$/.test(s)) continue;
    const n = Number(s);
    if (n <= MAX_ID) out.add(n);
  }
  return [...out];
}

/**
 * The ids among `ids` the actor may act on with `permission`: one batched question per entity
 * type, answered by the module that owns it. Decided here, once for every module: nobody without
 * an actor, no type no module registered, no id that is malformed or not an item of `ctx.portal`
 * (another portal's ids are never allowed), and a portal administrator may act on every item.
 */
export async function checkAccess(ctx: Ctx, permission: Permission, entityType: string, ids: Iterable<number | string>): Promise<Set<number>> {
  const wanted = wellFormed(ids);
  if (!wanted.length || !ctx.actor || ctx.actor.portalId !== ctx.portal.id) return new Set();
  const entry = ctx.sys.registry.entityAccess(entityType);
  const checker = entry && (entry[permission] ?? (permission === 'history' ? entry.read : undefined));
  if (!entry || !checker) return new Set();
  const rows = (await (scoped(ctx) as any).selectFrom(entry.table).select('id').where('id', 'in', wanted).execute()) as { id: number | string }[];
  const existing = rows.map((r) => Number(r.id));
  if (!existing.length) return new Set();
  if (ctx.actor.role === 'admin') return new Set(existing);
  const present = new Set(existing);
  const out = new Set<number>();
  for (const id of await checker(ctx, existing)) if (present.has(Number(id))) out.add(Number(id));
  return out;
}

/** Throws "not found" (existence does not leak) unless the actor may act on every one of `ids`. */
export async function requireAccess(ctx: Ctx, permission: Permission, entityType: string, ids: Iterable<number | string>): Promise<void> {
  const list = [...ids];
  const allowed = await checkAccess(ctx, permission, entityType, list);
  if (list.some((id) => !/^[1-9]\d*$/.test(String(id)) || !allowed.has(Number(id)))) throw errors.notFound();
}
