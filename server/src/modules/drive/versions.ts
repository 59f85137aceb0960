import { driveEvents, type DriveItem, type DriveVersion } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { isUniqueViolation, nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import type { StoredBlob } from '../../platform/files/store.js';
import { recordStoredFile } from '../files/api.js';
import { itemWith, type ItemRow } from './access.js';
import { checkFileType, checkQuota } from './quota.js';
import { storageRow, toItem } from './storages.js';
import { countBytes, freeName, insertItem, itemNamed } from './tree.js';

async function addVersion(tx: Ctx, item: Pick<ItemRow, 'id' | 'storage_id' | 'name'>, file: { id: number; size: number; mime: string }, change: string): Promise<ItemRow> {
  const last = await scoped(tx)
    .selectFrom('drive_version')
    .select((eb) => eb.fn.max<number>('number').as('n'))
    .where('item_id', '=', item.id)
    .executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  const now = nowIso();
  const by = tx.actor?.userId ?? null;
  await scoped(tx).insertInto('drive_version', { item_id: item.id, number, file_id: file.id, size: file.size, mime: file.mime, created_by: by, created_at: now }).execute();
  const linked = await scoped(tx).selectFrom('file_link').select('file_id').where('file_id', '=', file.id).where('entity_type', '=', 'drive_item').where('entity_id', '=', item.id).executeTakeFirst();
  if (!linked) await scoped(tx).insertInto('file_link', { file_id: file.id, entity_type: 'drive_item', entity_id: item.id, field: 'version' }).execute();
  await scoped(tx).updateTable('drive_item').set({ file_id: file.id, size: file.size, mime: file.mime, versions: number, updated_at: now, updated_by: by }).where('id', '=', item.id).execute();
  await countBytes(tx, file.size, null, item.storage_id);
  await recordEvent(tx, driveEvents.itemChanged, { entityType: 'drive_item', entityId: item.id, payload: { storageId: item.storage_id, name: item.name, change } });
  return (await scoped(tx).selectFrom('drive_item').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow()) as ItemRow;
}

/**
 * Puts stored content into a folder under `name`: a new version of the file of that name when
 * there is one and `conflict` is 'version', a new file otherwise (under a free name when the name
 * is taken). One transaction; a file of the same name made meanwhile by a parallel upload is met
 * by trying once more.
 */
export async function putFile(ctx: Ctx, folder: Pick<ItemRow, 'id' | 'storage_id' | 'path'>, name: string, blob: StoredBlob, conflict: 'version' | 'keep-both'): Promise<ItemRow> {
  await checkFileType(ctx, name);
  return placeFile(ctx, folder, name, (tx) => recordStoredFile(tx, name, blob), conflict);
}

/** The same for a file row `fileOf` gives inside the transaction (a new one, or one the portal has already). */
export async function placeFile(
  ctx: Ctx,
  folder: Pick<ItemRow, 'id' | 'storage_id' | 'path'>,
  name: string,
  fileOf: (tx: Ctx) => Promise<{ id: number; size: number; mime: string }>,
  conflict: 'version' | 'keep-both',
): Promise<ItemRow> {
  const attempt = () =>
    transaction(ctx, async (tx) => {
      const file = await fileOf(tx);
      const existing = await itemNamed(tx, folder.id, name);
      if (existing && existing.kind === 'file' && conflict === 'version') return addVersion(tx, existing, file, 'version');
      const free = existing ? await freeName(tx, folder.id, name) : name;
      const item = await insertItem(tx, folder, { kind: 'file', name: free, file_id: null, size: 0, mime: file.mime, versions: 0 });
      await recordEvent(tx, driveEvents.itemCreated, { entityType: 'drive_item', entityId: item.id, payload: { storageId: item.storage_id, name: free, kind: 'file' } });
      return addVersion(tx, item, file, 'created');
    });
  try {
    return await attempt();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return attempt();
  }
}

export async function listVersions(ctx: Ctx, itemId: number): Promise<DriveVersion[]> {
  const item = await itemWith(ctx, itemId, 'read');
  if (item.kind !== 'file') throw errors.field('id', 'drive.not_a_file');
  const rows = await scoped(ctx).selectFrom('drive_version').selectAll().where('item_id', '=', itemId).orderBy('number', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    fileId: r.file_id,
    size: Number(r.size),
    mime: r.mime,
    createdBy: r.created_by,
    createdAt: r.created_at,
    current: r.file_id === item.file_id && r.number === item.versions,
  }));
}

/** Makes an old version the current one by adding it again as the newest: the history keeps every step. */
export async function restoreVersion(ctx: Ctx, itemId: number, versionId: number): Promise<DriveItem> {
  const item = await itemWith(ctx, itemId, 'edit');
  const version = await scoped(ctx).selectFrom('drive_version').selectAll().where('id', '=', versionId).where('item_id', '=', itemId).executeTakeFirst();
  if (!version) throw errors.field('versionId', 'drive.no_version');
  await checkQuota(ctx, (await storageRow(ctx, item.storage_id))!, Number(version.size));
  const row = await transaction(ctx, (tx) => addVersion(tx, item, { id: version.file_id, size: Number(version.size), mime: version.mime }, 'version_restored'));
  return toItem(row, item.right);
}

/** The content a version (or the current one) serves: the file row's hash, size and type. */
export async function versionFile(ctx: Ctx, item: ItemRow, versionId?: number): Promise<{ sha256: string; size: number; mime: string; name: string }> {
  if (item.kind !== 'file') throw errors.field('id', 'drive.not_a_file');
  let fileId = item.file_id;
  if (versionId) {
    const v = await scoped(ctx).selectFrom('drive_version').select('file_id').where('id', '=', versionId).where('item_id', '=', item.id).executeTakeFirst();
    if (!v) throw errors.field('version', 'drive.no_version');
    fileId = v.file_id;
  }
  const file = fileId ? await scoped(ctx).selectFrom('file').select(['sha256', 'size', 'mime']).where('id', '=', fileId).executeTakeFirst() : undefined;
  if (!file) throw errors.notFound();
  return { sha256: file.sha256, size: Number(file.size), mime: file.mime, name: item.name };
}
