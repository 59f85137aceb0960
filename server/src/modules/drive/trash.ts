import { driveEvents, type DriveItem, type DriveTrashPage } from '@vavilon/contracts';
import { systemCtx, transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import type { JobHandler } from '../../platform/jobs/jobs.js';
import type { Platform } from '../../platform/platform.js';
import { forgetFiles, removeFileLinks } from '../files/api.js';
import { atLeast, itemWith, pathIds, rightsOf, type ItemRow } from './access.js';
import { storageNames, toItem } from './storages.js';
import { bytesUnder, countBytes, freeName, nameKey, rewritePaths, underPath } from './tree.js';

/** How long the trash keeps what was deleted. */
export const TRASH_DAYS = 30;
export const PURGE_JOB = 'drive.purge';
const DAY = 86_400_000;

/**
 * Puts items and everything in them into the trash (in the caller's transaction): they leave their
 * folders at once, their names are free again, and a timed job empties them in 30 days.
 */
export async function trashItems(tx: Ctx, items: Pick<ItemRow, 'id' | 'storage_id' | 'path' | 'name'>[]): Promise<void> {
  if (!items.length) return;
  const at = nowIso();
  for (const item of items) {
    await scoped(tx)
      .updateTable('drive_item')
      .set((eb) => ({ trashed_at: at, trashed_by: tx.actor?.userId ?? null, trash_root: eb.case().when('id', '=', item.id).then(1).else(0).end() }))
      .where('storage_id', '=', item.storage_id)
      .where(underPath(tx, item.path))
      .where('trashed_at', 'is', null)
      .execute();
    await recordEvent(tx, driveEvents.itemTrashed, { entityType: 'drive_item', entityId: item.id, payload: { storageId: item.storage_id, name: item.name } });
  }
  await tx.sys.scheduleJob(tx, {
    type: PURGE_JOB,
    portalId: tx.portal.id,
    payload: { ids: items.map((i) => i.id), at },
    runAt: new Date(Date.parse(at) + TRASH_DAYS * DAY),
  });
}

const purgeAt = (trashedAt: string) => new Date(Date.parse(trashedAt) + TRASH_DAYS * DAY).toISOString();

/** A drive's trash as the actor may act on it (what they may edit), newest first. */
export async function listTrash(ctx: Ctx, storageId: number, cursorId: number | null, limit = 50): Promise<DriveTrashPage> {
  let q = scoped(ctx).selectFrom('drive_item').selectAll().where('storage_id', '=', storageId).where('trash_root', '=', 1).where('trashed_at', 'is not', null);
  if (cursorId) q = q.where('id', '<', cursorId);
  const rows = (await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()) as ItemRow[];
  const page = rows.slice(0, limit);
  const rights = await rightsOf(ctx, page);
  const mine = page.filter((r) => atLeast(rights.get(r.id) ?? null, 'edit'));
  const folderIds = [...new Set(mine.flatMap((r) => pathIds(r.path).slice(1, -1)))];
  const folders = new Map(folderIds.length ? (await scoped(ctx).selectFrom('drive_item').select(['id', 'name']).where('id', 'in', folderIds).execute()).map((f) => [f.id, f.name]) : []);
  const names = await storageNames(ctx, await scoped(ctx).selectFrom('drive_storage').select(['id', 'kind', 'owner_id']).where('id', '=', storageId).execute());
  const total = await scoped(ctx)
    .selectFrom('drive_item')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('storage_id', '=', storageId)
    .where('trash_root', '=', 1)
    .where('trashed_at', 'is not', null)
    .executeTakeFirst();
  const last = page[page.length - 1];
  return {
    items: mine.map((r) => ({
      ...toItem(r, rights.get(r.id)!),
      trashedAt: r.trashed_at!,
      trashedBy: r.trashed_by,
      fromPath: pathIds(r.path)
        .slice(1, -1)
        .map((id) => folders.get(id) ?? ''),
      storageName: names.get(storageId) ?? '',
      purgeAt: purgeAt(r.trashed_at!),
    })),
    total: Number(total?.n ?? 0),
    nextCursor: rows.length > limit && last ? String(last.id) : null,
  };
}

async function trashRoots(ctx: Ctx, ids: number[]) {
  const out = [];
  for (const id of [...new Set(ids)]) {
    const item = await itemWith(ctx, id, 'edit', { trashed: true });
    if (!item.trash_root) throw errors.notFound();
    out.push(item);
  }
  return out;
}

/**
 * Puts items back where they were, with what was deleted with them; into the drive's root when
 * their folder is gone (or in the trash itself), under another name when theirs was taken meanwhile.
 */
export async function restore(ctx: Ctx, ids: number[]): Promise<DriveItem[]> {
  const items = await trashRoots(ctx, ids);
  const restored = await transaction(ctx, async (tx) => {
    const out: ItemRow[] = [];
    for (const item of items) {
      const parent = await scoped(tx).selectFrom('drive_item').selectAll().where('id', '=', item.parent_id!).executeTakeFirst();
      const home =
        parent && !parent.trashed_at && parent.storage_id === item.storage_id
          ? parent
          : await scoped(tx).selectFrom('drive_item').selectAll().where('storage_id', '=', item.storage_id).where('parent_id', 'is', null).executeTakeFirstOrThrow();
      const name = await freeName(tx, home.id, item.name);
      const path = await rewritePaths(tx, item, home.path, item.storage_id);
      // Its new name first: out of the trash it must not meet the name it had.
      await scoped(tx)
        .updateTable('drive_item')
        .set({ parent_id: home.id, name, name_key: nameKey(name) })
        .where('id', '=', item.id)
        .execute();
      await scoped(tx)
        .updateTable('drive_item')
        .set({ trashed_at: null, trashed_by: null, trash_root: 0 })
        .where('storage_id', '=', item.storage_id)
        .where(underPath(tx, path))
        .where('trashed_at', '=', item.trashed_at)
        .execute();
      await recordEvent(tx, driveEvents.itemRestored, { entityType: 'drive_item', entityId: item.id, payload: { storageId: item.storage_id, name } });
      out.push((await scoped(tx).selectFrom('drive_item').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow()) as ItemRow);
    }
    return out;
  });
  const rights = await rightsOf(ctx, restored);
  return restored.map((r) => toItem(r, rights.get(r.id) ?? 'read'));
}

/**
 * Deletes trashed items for good, in the caller's transaction: their rows, versions, shares and
 * links go, the quota is freed, and contents no other file shares leave the store once it commits.
 */
export async function destroy(tx: Ctx, items: Pick<ItemRow, 'id' | 'storage_id' | 'path' | 'name'>[]): Promise<void> {
  for (const item of items) {
    const bytes = await bytesUnder(tx, item.storage_id, item.path);
    const ids = (await scoped(tx).selectFrom('drive_item').select('id').where('storage_id', '=', item.storage_id).where(underPath(tx, item.path)).execute()).map((r) => r.id);
    const fileIds: number[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      fileIds.push(...(await scoped(tx).selectFrom('drive_version').select('file_id').where('item_id', 'in', part).execute()).map((r) => r.file_id));
      await scoped(tx).deleteFrom('drive_version').where('item_id', 'in', part).execute();
      await scoped(tx).deleteFrom('drive_share').where('item_id', 'in', part).execute();
      await scoped(tx).deleteFrom('drive_link').where('item_id', 'in', part).execute();
    }
    await removeFileLinks(tx, 'drive_item', ids);
    await scoped(tx).deleteFrom('drive_item').where('storage_id', '=', item.storage_id).where(underPath(tx, item.path)).execute();
    await countBytes(tx, bytes, item.storage_id, null);
    await forgetFiles(tx, fileIds);
    await recordEvent(tx, driveEvents.itemDeleted, { entityType: 'drive_item', entityId: item.id, payload: { storageId: item.storage_id, name: item.name } });
  }
}

export async function deleteForever(ctx: Ctx, ids: number[]): Promise<number> {
  const items = await trashRoots(ctx, ids);
  await transaction(ctx, (tx) => destroy(tx, items));
  return items.length;
}

/** Empties a drive's trash of what the actor may edit. */
export async function emptyTrash(ctx: Ctx, storageId: number): Promise<number> {
  let count = 0;
  // Page by page through the whole trash: a page may hold only what the actor may not delete.
  let cursor: number | null = null;
  for (;;) {
    const page = await listTrash(ctx, storageId, cursor, 200);
    if (page.items.length)
      count += await deleteForever(
        ctx,
        page.items.map((i) => i.id),
      );
    if (!page.nextCursor) return count;
    cursor = Number(page.nextCursor);
  }
}

/** The timed job of a trashing: what is still in the trash from that moment goes for good. */
export function purgeJob(platform: Platform): JobHandler {
  return async (job) => {
    const { ids, at } = job.payload as { ids: number[]; at: string };
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal || !ids?.length) return;
    await transaction(systemCtx(platform, portal, { requestId: `drive-purge-${job.id}` }), async (tx) => {
      const rows = await scoped(tx).selectFrom('drive_item').select(['id', 'storage_id', 'path', 'name']).where('id', 'in', ids).where('trash_root', '=', 1).where('trashed_at', '=', at).execute();
      await destroy(tx, rows);
    });
  };
}
