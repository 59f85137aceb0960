import { sql, type Expression, type SqlBool } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import type { ItemRow } from './access.js';

/** Windows' device names: a file called so cannot be opened there, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** A name a user gave, checked: no slash, no control or reserved characters, not «.», «..» or a device name, at most 255 characters. */
export function checkName(raw: string, field = 'name'): string {
  const name = String(raw ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) throw errors.field(field, 'drive.name_empty');
  if (/[/\\]/.test(name)) throw errors.field(field, 'drive.name_slash');
  if (/[\u0000-\u001f\u007f<>:"|?*]/.test(name)) throw errors.field(field, 'drive.name_chars');
  if (name === '.' || name === '..' || RESERVED.test(name) || /[. ]$/.test(name)) throw errors.field(field, 'drive.name_reserved', { name });
  if (name.length > 255) throw errors.field(field, 'drive.name_long');
  return name;
}

/** How names compare within a folder: case and Unicode form do not count. */
export const nameKey = (name: string) => name.normalize('NFC').toLowerCase();

export const nameTaken = (name: string) => new AppError(409, 'name_taken', 'drive.name_taken', { name }, [{ field: 'name', message: 'drive.name_taken', params: { name } }]);

/** Everything under a folder (itself included): its path is a prefix of theirs. Uses the path index on both databases. */
export function underPath(ctx: Ctx, prefix: string, table = 'drive_item'): Expression<SqlBool> {
  if (!/^[/0-9]+$/.test(prefix)) throw new Error('not a drive path');
  const column = sql.ref(`${table}.path`);
  return ctx.sys.dialect === 'postgres' ? sql<SqlBool>`${column} like ${prefix + '%'}` : sql<SqlBool>`${column} glob ${prefix + '*'}`;
}

/** The item of that name in the folder (not in the trash), if any. */
export async function itemNamed(ctx: Ctx, parentId: number, name: string): Promise<ItemRow | undefined> {
  return scoped(ctx).selectFrom('drive_item').selectAll().where('parent_id', '=', parentId).where('name_key', '=', nameKey(name)).where('trashed_at', 'is', null).executeTakeFirst();
}

/** «отчёт.pdf» → «отчёт (1).pdf», «отчёт (2).pdf»…: the first such name free in the folder. */
export async function freeName(ctx: Ctx, parentId: number, name: string): Promise<string> {
  if (!(await itemNamed(ctx, parentId, name))) return name;
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let from = 1; ; from += 50) {
    const candidates = Array.from({ length: 50 }, (_, i) => `${base} (${from + i})${ext}`);
    const taken = new Set(
      (
        await scoped(ctx)
          .selectFrom('drive_item')
          .select('name_key')
          .where('parent_id', '=', parentId)
          .where('trashed_at', 'is', null)
          .where(
            'name_key',
            'in',
            candidates.map((c) => nameKey(c)),
          )
          .execute()
      ).map((r) => r.name_key),
    );
    const free = candidates.find((c) => !taken.has(nameKey(c)));
    if (free) return free;
  }
}

type NewItem = Pick<ItemRow, 'kind' | 'name' | 'file_id' | 'size' | 'mime' | 'versions'>;

/** Adds a folder or file under `parent` (in the caller's transaction), its path following the parent's. */
export async function insertItem(ctx: Ctx, parent: Pick<ItemRow, 'id' | 'storage_id' | 'path'>, item: NewItem, at = nowIso()): Promise<ItemRow> {
  const by = ctx.actor?.userId ?? null;
  const made = await scoped(ctx)
    .insertInto('drive_item', {
      storage_id: parent.storage_id,
      parent_id: parent.id,
      path: parent.path,
      kind: item.kind,
      sort_group: item.kind === 'folder' ? 0 : 1,
      name: item.name,
      name_key: nameKey(item.name),
      file_id: item.file_id,
      size: item.size,
      mime: item.mime,
      versions: item.versions,
      created_by: by,
      created_at: at,
      updated_by: by,
      updated_at: at,
      trashed_at: null,
      trashed_by: null,
      trash_root: 0,
      shared: 0,
      published: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent.path}${made.id}/`;
  await scoped(ctx).updateTable('drive_item').set({ path }).where('id', '=', made.id).execute();
  return (await scoped(ctx).selectFrom('drive_item').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow()) as ItemRow;
}

/** The bytes every version of everything under `path` takes (what a move takes along, what deleting frees). */
export async function bytesUnder(ctx: Ctx, storageId: number, path: string): Promise<number> {
  const row = await scoped(ctx)
    .selectFrom('drive_version')
    .innerJoin('drive_item', 'drive_item.id', 'drive_version.item_id')
    .select((eb) => eb.fn.sum<number | string>('drive_version.size').as('bytes'))
    .where('drive_item.storage_id', '=', storageId)
    .where(underPath(ctx, path))
    .executeTakeFirst();
  return Number(row?.bytes ?? 0);
}

/** Moves bytes of the quota between drives (or adds them: `from` null; frees them: `to` null). */
export async function countBytes(ctx: Ctx, bytes: number, from: number | null, to: number | null): Promise<void> {
  if (!bytes || from === to) return;
  if (from !== null)
    await scoped(ctx)
      .updateTable('drive_storage')
      .set((eb) => ({ used_bytes: eb('used_bytes', '-', bytes) }))
      .where('id', '=', from)
      .execute();
  if (to !== null)
    await scoped(ctx)
      .updateTable('drive_storage')
      .set((eb) => ({ used_bytes: eb('used_bytes', '+', bytes) }))
      .where('id', '=', to)
      .execute();
}

/** Re-roots everything under `item` at `newParentPath` (and in `storageId`): one statement whatever its size. */
export async function rewritePaths(ctx: Ctx, item: Pick<ItemRow, 'id' | 'storage_id' | 'path'>, newParentPath: string, storageId: number): Promise<string> {
  const newPath = `${newParentPath}${item.id}/`;
  if (newPath === item.path && storageId === item.storage_id) return newPath;
  await scoped(ctx)
    .updateTable('drive_item')
    .set({ path: sql<string>`${newPath} || substr(path, ${item.path.length + 1})`, storage_id: storageId })
    .where('storage_id', '=', item.storage_id)
    .where(underPath(ctx, item.path))
    .execute();
  return newPath;
}
