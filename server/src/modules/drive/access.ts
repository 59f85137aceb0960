import type { Selectable } from 'kysely';
import type { DriveRight } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import type { AccessRegistrations } from '../../platform/access.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import type { RealtimeAudience } from '../../platform/realtime/audience.js';
import { groupRoles, memberGroupIds } from '../groups/api.js';
import { departmentAncestors } from '../users/api.js';
import type { DriveItemTable, DriveStorageTable } from './schema.js';

export type ItemRow = Selectable<DriveItemTable>;
export type StorageRow = Selectable<DriveStorageTable>;

const RANK: Record<DriveRight, number> = { read: 1, edit: 2, full: 3 };
export const atLeast = (right: DriveRight | null, wanted: DriveRight) => right !== null && RANK[right] >= RANK[wanted];
const best = (a: DriveRight | null, b: DriveRight | null): DriveRight | null => (a === null ? b : b === null ? a : RANK[a] >= RANK[b] ? a : b);

/** The ids of a path `/1/5/9/`, root first. */
export const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

/** Who the actor is to the drive: themselves, their departments (upwards), their groups. Read once per request. */
export interface DriveViewer {
  userId: number | null;
  admin: boolean;
  departments: number[];
  groups: Set<number>;
}

const viewers = new WeakMap<Ctx, Promise<DriveViewer>>();

export function driveViewer(ctx: Ctx): Promise<DriveViewer> {
  const key = ctx;
  let v = viewers.get(key);
  if (!v) {
    v = (async () => {
      const userId = ctx.actor?.userId ?? null;
      if (!userId) return { userId, admin: !ctx.actor, departments: [], groups: new Set<number>() };
      const [departments, groups] = await Promise.all([departmentAncestors(ctx, ctx.actor!.departmentId ?? null), memberGroupIds(ctx, userId)]);
      return { userId, admin: ctx.actor!.role === 'admin', departments, groups: new Set(groups) };
    })();
    viewers.set(key, v);
  }
  return v;
}

/** What a drive itself gives: the owner everything, every employee reading the common drive, a group's members editing its drive. */
export function storageRight(v: DriveViewer, s: Pick<StorageRow, 'kind' | 'owner_id'>, groupRole?: string): DriveRight | null {
  if (v.admin) return 'full';
  if (s.kind === 'user') return v.userId !== null && s.owner_id === v.userId ? 'full' : null;
  if (s.kind === 'common') return v.userId !== null ? 'read' : null;
  if (!v.groups.has(s.owner_id)) return null;
  return groupRole === 'owner' || groupRole === 'moderator' ? 'full' : 'edit';
}

/** The share rows that name the viewer, on any of `itemIds`: by item, the best right. */
async function sharedRights(ctx: Ctx, v: DriveViewer, itemIds: number[]): Promise<Map<number, DriveRight>> {
  const out = new Map<number, DriveRight>();
  if (!itemIds.length || v.userId === null) return out;
  for (let i = 0; i < itemIds.length; i += 500) {
    const rows = await scoped(ctx)
      .selectFrom('drive_share')
      .select(['item_id', 'right'])
      .where('item_id', 'in', itemIds.slice(i, i + 500))
      .where((eb) => {
        const ors = [eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', v.userId!)])];
        if (v.departments.length) ors.push(eb.and([eb('subject_type', '=', 'department'), eb('subject_id', 'in', v.departments)]));
        if (v.groups.size) ors.push(eb.and([eb('subject_type', '=', 'group'), eb('subject_id', 'in', [...v.groups])]));
        return eb.or(ors);
      })
      .execute();
    for (const r of rows) out.set(r.item_id, best(out.get(r.item_id) ?? null, r.right)!);
  }
  return out;
}

/**
 * The actor's right on each item: what its drive gives, raised by any share on the item or a
 * folder above it. Null: the item is not theirs to see. Three statements whatever the number of items.
 */
export async function rightsOf(ctx: Ctx, items: Pick<ItemRow, 'id' | 'storage_id' | 'path'>[]): Promise<Map<number, DriveRight | null>> {
  const out = new Map<number, DriveRight | null>();
  if (!items.length) return out;
  const v = await driveViewer(ctx);
  const storageIds = [...new Set(items.map((i) => i.storage_id))];
  const storages = new Map((await scoped(ctx).selectFrom('drive_storage').select(['id', 'kind', 'owner_id']).where('id', 'in', storageIds).execute()).map((s) => [s.id, s]));
  const roles = v.userId
    ? await groupRoles(
        ctx,
        v.userId,
        [...storages.values()].filter((s) => s.kind === 'group').map((s) => s.owner_id),
      )
    : new Map();
  const needShares = items.filter((i) => {
    const s = storages.get(i.storage_id);
    return !s || !atLeast(storageRight(v, s, roles.get(s.owner_id)), 'full');
  });
  const shares = await sharedRights(ctx, v, [...new Set(needShares.flatMap((i) => pathIds(i.path)))]);
  for (const item of items) {
    const s = storages.get(item.storage_id);
    let right = s ? storageRight(v, s, roles.get(s.owner_id)) : null;
    for (const id of pathIds(item.path)) right = best(right, shares.get(id) ?? null);
    out.set(item.id, right);
  }
  return out;
}

export async function rightOf(ctx: Ctx, item: Pick<ItemRow, 'id' | 'storage_id' | 'path'>): Promise<DriveRight | null> {
  return (await rightsOf(ctx, [item])).get(item.id) ?? null;
}

/** The item if the actor has at least `wanted` on it; "not found" when they may not see it, 403 when they only may not do this. */
export async function itemWith(ctx: Ctx, id: number, wanted: DriveRight, opts: { trashed?: boolean } = {}): Promise<ItemRow & { right: DriveRight }> {
  const row = await scoped(ctx).selectFrom('drive_item').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (opts.trashed ? !row.trashed_at : !!row.trashed_at)) throw errors.notFound();
  const right = await rightOf(ctx, row);
  if (!right) throw errors.notFound();
  if (!atLeast(right, wanted)) throw errors.forbidden();
  return { ...row, size: Number(row.size), right };
}

/** The items among `ids` the actor may open (for file links, search and comments). */
export async function readableItemIds(ctx: Ctx, ids: number[]): Promise<number[]> {
  const rows = await scoped(ctx).selectFrom('drive_item').select(['id', 'storage_id', 'path']).where('id', 'in', ids).execute();
  const rights = await rightsOf(ctx, rows);
  return rows.filter((r) => rights.get(r.id)).map((r) => r.id);
}

export const driveAccess: AccessRegistrations = {
  drive_item: { table: 'drive_item', read: readableItemIds },
};

/**
 * Who hears a change of a drive item on the realtime socket: its readers; for an item deleted for
 * good (nothing left to check), those the drive itself lets read it.
 */
export const driveRealtime: Record<string, RealtimeAudience> = {
  drive_item: {
    gone: async (ctx: Ctx, e: DomainEvent) => {
      const storageId = (e.payload as { storageId?: number }).storageId;
      if (!storageId) return false;
      const s = await scoped(ctx).selectFrom('drive_storage').select(['kind', 'owner_id']).where('id', '=', storageId).executeTakeFirst();
      return !!s && storageRight(await driveViewer(ctx), s) !== null;
    },
  },
};
