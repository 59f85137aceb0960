import { driveEvents, type DriveConflict, type DriveFolderPage, type DriveItem, type DriveListQuery, type DriveRight } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { isUniqueViolation, nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { driveViewer, itemWith, pathIds, rightsOf, type ItemRow } from './access.js';
import { storageRow, toItem, toStorages } from './storages.js';
import { bytesUnder, checkName, countBytes, freeName, insertItem, itemNamed, nameKey, nameTaken, rewritePaths, underPath } from './tree.js';
import { trashItems } from './trash.js';

type Sort = DriveListQuery['sort'];
const SORT_COLUMN = { name: 'name_key', updated: 'updated_at', size: 'size' } as const satisfies Record<Sort, keyof ItemRow>;

interface Cursor {
  g: number;
  k: string | number;
  id: number;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.g === 'number' && (typeof c.k === 'string' || typeof c.k === 'number') && Number.isInteger(c.id)) return c;
  } catch {
    // a cursor that is not ours
  }
  throw errors.field('cursor', 'drive.bad_cursor');
}

/** Runs a write that may meet a name taken meanwhile by someone else: then 409, as if it had been taken before. */
async function namedWrite<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}

/** The breadcrumbs of an item: its folders from the highest one the actor may open, the drive's root named after the drive. */
async function visiblePath(ctx: Ctx, item: ItemRow, storageName: string) {
  const ids = pathIds(item.path);
  const rows = await scoped(ctx).selectFrom('drive_item').select(['id', 'storage_id', 'path', 'name', 'parent_id']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const rights = await rightsOf(ctx, rows);
  const chain = ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => !!r);
  const from = chain.findIndex((r) => rights.get(r.id));
  return chain.slice(Math.max(from, 0)).map((r) => ({ id: r.id, name: r.parent_id === null ? storageName : r.name }));
}

/** One page of a folder: folders first, then files, in the order asked; the actor's right on each. */
export async function listFolder(ctx: Ctx, folderId: number, q: DriveListQuery): Promise<DriveFolderPage> {
  const folder = await itemWith(ctx, folderId, 'read');
  if (folder.kind !== 'folder') throw errors.notFound();
  const column = SORT_COLUMN[q.sort];
  const desc = q.dir === 'desc';
  const cursor = decodeCursor(q.cursor);
  const children = () => scoped(ctx).selectFrom('drive_item').where('parent_id', '=', folderId).where('trashed_at', 'is', null);
  let page = children().selectAll();
  if (cursor) {
    const cmp = desc ? '<' : '>';
    page = page.where((eb) =>
      eb.or([
        eb('sort_group', '>', cursor.g),
        eb.and([eb('sort_group', '=', cursor.g), eb.or([eb(column, cmp, cursor.k as never), eb.and([eb(column, '=', cursor.k as never), eb('id', cmp, cursor.id)])])]),
      ]),
    );
  }
  const [rows, count, storage] = await Promise.all([
    page
      .orderBy('sort_group')
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('id', desc ? 'desc' : 'asc')
      .limit(q.limit + 1)
      .execute(),
    children()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst(),
    storageRow(ctx, folder.storage_id),
  ]);
  const items = rows.slice(0, q.limit) as ItemRow[];
  const rights = await rightsOf(ctx, items);
  const last = items[items.length - 1];
  const [drive] = await toStorages(ctx, [storage!]);
  return {
    storage: drive!,
    folder: toItem(folder, folder.right),
    path: await visiblePath(ctx, folder, drive!.name),
    items: items.map((r) => toItem(r, rights.get(r.id) ?? folder.right)),
    total: Number(count?.n ?? 0),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ g: last.sort_group, k: column === 'size' ? Number(last.size) : (last[column] as string), id: last.id }) : null,
  };
}

export async function getItem(ctx: Ctx, id: number): Promise<DriveItem> {
  const item = await itemWith(ctx, id, 'read');
  return toItem(item, item.right);
}

async function folderWith(ctx: Ctx, id: number, wanted: DriveRight, field = 'parentId') {
  const folder = await itemWith(ctx, id, wanted).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) throw errors.field(field, 'drive.no_folder');
    throw err;
  });
  if (folder.kind !== 'folder') throw errors.field(field, 'drive.not_a_folder');
  return folder;
}

export async function createFolder(ctx: Ctx, parentId: number, rawName: string): Promise<DriveItem> {
  const parent = await folderWith(ctx, parentId, 'edit');
  const name = checkName(rawName);
  const row = await namedWrite(name, () =>
    transaction(ctx, async (tx) => {
      if (await itemNamed(tx, parent.id, name)) throw nameTaken(name);
      const made = await insertItem(tx, parent, { kind: 'folder', name, file_id: null, size: 0, mime: null, versions: 0 });
      await recordEvent(tx, driveEvents.itemCreated, { entityType: 'drive_item', entityId: made.id, payload: { storageId: made.storage_id, name, kind: 'folder' } });
      return made;
    }),
  );
  return toItem(row, parent.right);
}

/** Makes room for `name` in the folder as the user chose: 409 (fail), the other item to the trash (replace), or another name (keep both). */
async function settleName(tx: Ctx, parentId: number, name: string, conflict: DriveConflict, self?: number): Promise<string> {
  const other = await itemNamed(tx, parentId, name);
  if (!other || other.id === self) return name;
  if (conflict === 'fail') throw nameTaken(name);
  if (conflict === 'keep-both') return freeName(tx, parentId, name);
  await trashItems(tx, [other]);
  return name;
}

export async function rename(ctx: Ctx, id: number, rawName: string, conflict: DriveConflict): Promise<DriveItem> {
  const item = await itemWith(ctx, id, 'edit');
  if (item.parent_id === null) throw errors.field('name', 'drive.root_fixed');
  const wanted = checkName(rawName);
  const row = await namedWrite(wanted, () =>
    transaction(ctx, async (tx) => {
      const name = await settleName(tx, item.parent_id!, wanted, conflict, item.id);
      await scoped(tx)
        .updateTable('drive_item')
        .set({ name, name_key: nameKey(name), updated_at: nowIso(), updated_by: ctx.actor?.userId ?? null })
        .where('id', '=', id)
        .execute();
      await recordEvent(tx, driveEvents.itemChanged, { entityType: 'drive_item', entityId: id, payload: { storageId: item.storage_id, name, change: 'renamed' } });
      return (await scoped(tx).selectFrom('drive_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as ItemRow;
    }),
  );
  return toItem(row, item.right);
}

/** Items to move or copy: each one the actor may edit, none of them the target or above it. */
async function movable(ctx: Ctx, ids: number[], target: ItemRow, wanted: DriveRight) {
  const items = [];
  for (const id of [...new Set(ids)]) {
    const item = await itemWith(ctx, id, wanted);
    if (item.parent_id === null) throw errors.field('ids', 'drive.root_fixed');
    if (target.path.startsWith(item.path)) throw errors.field('targetId', 'drive.into_itself', { name: item.name });
    items.push(item);
  }
  return items;
}

export async function move(ctx: Ctx, ids: number[], targetId: number, conflict: DriveConflict): Promise<DriveItem[]> {
  const target = await folderWith(ctx, targetId, 'edit', 'targetId');
  const items = await movable(ctx, ids, target, 'edit');
  const moved = await namedWrite(items[0]!.name, () =>
    transaction(ctx, async (tx) => {
      const out: ItemRow[] = [];
      for (const item of items) {
        if (item.parent_id === target.id) {
          out.push(item);
          continue;
        }
        const name = await settleName(tx, target.id, item.name, conflict, item.id);
        if (item.storage_id !== target.storage_id) await countBytes(tx, await bytesUnder(tx, item.storage_id, item.path), item.storage_id, target.storage_id);
        await rewritePaths(tx, item, target.path, target.storage_id);
        await scoped(tx)
          .updateTable('drive_item')
          .set({ parent_id: target.id, name, name_key: nameKey(name), updated_at: nowIso(), updated_by: ctx.actor?.userId ?? null })
          .where('id', '=', item.id)
          .execute();
        await recordEvent(tx, driveEvents.itemChanged, { entityType: 'drive_item', entityId: item.id, payload: { storageId: target.storage_id, name, change: 'moved' } });
        out.push((await scoped(tx).selectFrom('drive_item').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow()) as ItemRow);
      }
      return out;
    }),
  );
  const rights = await rightsOf(ctx, moved);
  return moved.map((r) => toItem(r, rights.get(r.id) ?? 'read'));
}

/** Copies folders with everything in them (not what is in the trash) and files with their current version. */
export async function copy(ctx: Ctx, ids: number[], targetId: number, conflict: DriveConflict): Promise<DriveItem[]> {
  const target = await folderWith(ctx, targetId, 'edit', 'targetId');
  const items = await movable(ctx, ids, target, 'read');
  const made = await namedWrite(items[0]!.name, () =>
    transaction(ctx, async (tx) => {
      const out: ItemRow[] = [];
      const now = nowIso();
      for (const item of items) {
        const name = await settleName(tx, target.id, item.name, conflict === 'fail' && item.parent_id === target.id ? 'keep-both' : conflict);
        const subtree = (await scoped(tx)
          .selectFrom('drive_item')
          .selectAll()
          .where('storage_id', '=', item.storage_id)
          .where(underPath(tx, item.path))
          .where('trashed_at', 'is', null)
          .execute()) as ItemRow[];
        subtree.sort((a, b) => a.path.length - b.path.length);
        const copies = new Map<number, ItemRow>();
        let bytes = 0;
        for (const src of subtree) {
          const parent = src.id === item.id ? target : copies.get(src.parent_id!);
          if (!parent) continue;
          const copyRow = await insertItem(
            tx,
            parent,
            { kind: src.kind, name: src.id === item.id ? name : src.name, file_id: src.file_id, size: Number(src.size), mime: src.mime, versions: src.kind === 'file' ? 1 : 0 },
            now,
          );
          copies.set(src.id, copyRow);
          if (src.kind === 'file' && src.file_id) {
            await scoped(tx)
              .insertInto('drive_version', {
                item_id: copyRow.id,
                number: 1,
                file_id: src.file_id,
                size: Number(src.size),
                mime: src.mime ?? 'application/octet-stream',
                created_by: ctx.actor?.userId ?? null,
                created_at: now,
              })
              .execute();
            await scoped(tx).insertInto('file_link', { file_id: src.file_id, entity_type: 'drive_item', entity_id: copyRow.id, field: 'version' }).execute();
            bytes += Number(src.size);
          }
        }
        await countBytes(tx, bytes, null, target.storage_id);
        const top = copies.get(item.id)!;
        await recordEvent(tx, driveEvents.itemCreated, { entityType: 'drive_item', entityId: top.id, payload: { storageId: top.storage_id, name: top.name, kind: top.kind } });
        out.push(top);
      }
      return out;
    }),
  );
  return made.map((r) => toItem(r, target.right));
}

export async function trash(ctx: Ctx, ids: number[]): Promise<number> {
  const items: ItemRow[] = [];
  for (const id of [...new Set(ids)]) {
    const item = await itemWith(ctx, id, 'edit');
    if (item.parent_id === null) throw errors.field('ids', 'drive.root_fixed');
    items.push(item);
  }
  await transaction(ctx, (tx) => trashItems(tx, items));
  return items.length;
}

/** «Общие со мной»: what colleagues shared with the actor (directly, through a department or a group), newest first. */
export async function sharedWithMe(ctx: Ctx, cursorRaw: string | undefined, limit = 50): Promise<{ items: DriveItem[]; nextCursor: string | null }> {
  const v = await driveViewer(ctx);
  const cursor = cursorRaw ? decodeCursor(cursorRaw) : null;
  let q = scoped(ctx)
    .selectFrom('drive_share')
    .innerJoin('drive_item', 'drive_item.id', 'drive_share.item_id')
    .innerJoin('drive_storage', 'drive_storage.id', 'drive_item.storage_id')
    .selectAll('drive_item')
    .select('drive_share.id as share_id')
    .where('drive_item.trashed_at', 'is', null)
    .where((eb) => eb.not(eb.and([eb('drive_storage.kind', '=', 'user'), eb('drive_storage.owner_id', '=', v.userId ?? 0)])))
    .where((eb) => {
      const ors = [eb.and([eb('drive_share.subject_type', '=', 'user'), eb('drive_share.subject_id', '=', v.userId ?? 0)])];
      if (v.departments.length) ors.push(eb.and([eb('drive_share.subject_type', '=', 'department'), eb('drive_share.subject_id', 'in', v.departments)]));
      if (v.groups.size) ors.push(eb.and([eb('drive_share.subject_type', '=', 'group'), eb('drive_share.subject_id', 'in', [...v.groups])]));
      return eb.or(ors);
    });
  if (cursor) q = q.where('drive_share.id', '<', cursor.id);
  const rows = await q
    .orderBy('drive_share.id', 'desc')
    .limit(limit + 1)
    .execute();
  const seen = new Set<number>();
  const page = rows.slice(0, limit).filter((r) => !seen.has(r.id) && seen.add(r.id)) as (ItemRow & { share_id: number })[];
  const rights = await rightsOf(ctx, page);
  const last = rows[Math.min(rows.length, limit) - 1];
  return {
    items: page.filter((r) => rights.get(r.id)).map((r) => toItem(r, rights.get(r.id)!)),
    nextCursor: rows.length > limit && last ? encodeCursor({ g: 0, k: 0, id: last.share_id }) : null,
  };
}
