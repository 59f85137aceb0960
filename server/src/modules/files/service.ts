import { filesEvents } from '@vavilon/contracts';
import type { Readable } from 'node:stream';
import type { FileInfo } from '@vavilon/contracts';
import { afterCommit, transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import { checkAccess } from '../../platform/access.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { detectMime, sanitizeFileName, type StoredBlob } from '../../platform/files/store.js';
import { dropUnnamedContents } from './previews.js';

const fileError = (message: string, params?: Record<string, number>) => new AppError(400, 'validation', 'error.validation', {}, [{ field: 'file', message, params }]);
export const noFile = () => fileError('files.no_file');
export const tooLarge = (maxBytes: number) => new AppError(413, 'payload_too_large', 'files.too_large', { mb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 });

type FileRow = { id: number; name: string; size: number; mime: string; sha256: string; created_by: number | null };

export const infoOf = (r: { id: number; name: string; size: number | string; mime: string }): FileInfo => ({ id: r.id, name: r.name, size: Number(r.size), mime: r.mime });

/**
 * Takes an upload: the content goes to the content-addressed store while it streams in, the type
 * is told from its first bytes (the client's Content-Type is ignored), the row records who sent it.
 */
export async function upload(ctx: Ctx, file: { stream: Readable & { truncated?: boolean }; fileName: string }, purpose?: 'attachment'): Promise<FileInfo> {
  const tooBig = () => tooLarge(ctx.sys.config.maxFileBytes);
  let blob;
  try {
    blob = await ctx.sys.blobs.put(file.stream, {
      beforeKeep: () => {
        if (file.stream.truncated) throw tooBig();
      },
    });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 413) throw tooBig();
    throw err;
  }
  if (file.stream.truncated) throw tooBig();
  if (blob.size === 0) throw fileError('files.empty');
  const name = sanitizeFileName(file.fileName);
  const mime = detectMime(blob.head);
  const row = await transaction(ctx, async (tx) => {
    const created = await scoped(tx)
      .insertInto('file', { name, size: blob.size, mime, sha256: blob.sha256, created_by: ctx.actor!.userId, created_at: nowIso() })
      .returning(['id', 'name', 'size', 'mime'])
      .executeTakeFirstOrThrow();
    await recordEvent(tx, filesEvents.fileCreated, { entityType: 'file', entityId: created.id, payload: { name, size: blob.size, mime, ...(purpose ? { purpose } : {}) } });
    return created;
  });
  return infoOf(row);
}

/**
 * Records content already in the store (a finished resumable upload) as a file of the actor, in the
 * caller's transaction: the same row and event an upload makes.
 */
export async function recordStoredFile(ctx: Ctx, name: string, blob: StoredBlob): Promise<FileInfo> {
  const clean = sanitizeFileName(name);
  const mime = detectMime(blob.head);
  const created = await scoped(ctx)
    .insertInto('file', { name: clean, size: blob.size, mime, sha256: blob.sha256, created_by: ctx.actor?.userId ?? null, created_at: nowIso() })
    .returning(['id', 'name', 'size', 'mime'])
    .executeTakeFirstOrThrow();
  await recordEvent(ctx, filesEvents.fileCreated, { entityType: 'file', entityId: created.id, payload: { name: clean, size: blob.size, mime } });
  return infoOf(created);
}

/**
 * The actor's own file of a content already stored under another file (one they may read, e.g. a
 * drive file picked as an attachment), in the caller's transaction: the content stays stored once.
 */
export async function copyOfFile(ctx: Ctx, source: { sha256: string; size: number; mime: string }, name: string): Promise<FileInfo> {
  const clean = sanitizeFileName(name);
  const created = await scoped(ctx)
    .insertInto('file', { name: clean, size: source.size, mime: source.mime, sha256: source.sha256, created_by: ctx.actor!.userId, created_at: nowIso() })
    .returning(['id', 'name', 'size', 'mime'])
    .executeTakeFirstOrThrow();
  await recordEvent(ctx, filesEvents.fileCreated, { entityType: 'file', entityId: created.id, payload: { name: clean, size: source.size, mime: source.mime } });
  return infoOf(created);
}

/**
 * A file the actor may read (`checkAccess(read, 'file')`): their own upload, or one attached to an
 * item they may read. Anything else, another portal's file included, is "not found".
 */
export async function readableFile(ctx: Ctx, id: number): Promise<FileRow> {
  const row = await scoped(ctx).selectFrom('file').select(['id', 'name', 'size', 'mime', 'sha256', 'created_by']).where('id', '=', id).executeTakeFirst();
  if (!row || !(await checkAccess(ctx, 'read', 'file', [id])).has(id)) throw errors.notFound();
  return { ...row, size: Number(row.size) };
}

/**
 * The files among `ids` the actor may read: their own uploads, and those with a link to an item
 * (and field) the item's module lets them read, asked once per entity type.
 */
export async function readableFiles(ctx: Ctx, ids: number[]): Promise<Set<number>> {
  const out = await ownFileIds(ctx, ids);
  const rest = ids.filter((id) => !out.has(id));
  if (!rest.length) return out;
  const links = await scoped(ctx).selectFrom('file_link').select(['file_id', 'entity_type', 'entity_id', 'field']).where('file_id', 'in', rest).execute();
  const byType = new Map<string, typeof links>();
  for (const l of links) byType.set(l.entity_type, [...(byType.get(l.entity_type) ?? []), l]);
  for (const [type, group] of byType) {
    const items = await checkAccess(
      ctx,
      'read',
      type,
      group.map((l) => l.entity_id),
    );
    const readableField = ctx.sys.registry.entityAccess(type)?.readableField;
    const fields = new Map<string, boolean>();
    for (const l of group) {
      if (out.has(l.file_id) || !items.has(l.entity_id)) continue;
      if (readableField && ctx.actor?.role !== 'admin') {
        if (!fields.has(l.field)) fields.set(l.field, await readableField(ctx, l.field));
        if (!fields.get(l.field)) continue;
      }
      out.add(l.file_id);
    }
  }
  return out;
}

/**
 * Makes `fileIds` the files attached to an item's field (in the caller's transaction): links of
 * files no longer there go, new ones are written. Files of another portal are never linked.
 */
export async function setFileLinks(ctx: Ctx, entityType: string, entityId: number, field: string, fileIds: number[]): Promise<void> {
  const wanted = [...new Set(fileIds)];
  const current = await scoped(ctx).selectFrom('file_link').select('file_id').where('entity_type', '=', entityType).where('entity_id', '=', entityId).where('field', '=', field).execute();
  const have = new Set(current.map((r) => r.file_id));
  const gone = [...have].filter((f) => !wanted.includes(f));
  if (gone.length) {
    await scoped(ctx).deleteFrom('file_link').where('entity_type', '=', entityType).where('entity_id', '=', entityId).where('field', '=', field).where('file_id', 'in', gone).execute();
  }
  const added = (
    await fileInfos(
      ctx,
      wanted.filter((f) => !have.has(f)),
    )
  ).keys();
  const rows = [...added].map((file_id) => ({ file_id, entity_type: entityType, entity_id: entityId, field }));
  if (rows.length) await scoped(ctx).insertInto('file_link', rows).execute();
}

/** Removes every file link of the items (they are being deleted), in the caller's transaction. */
export async function removeFileLinks(ctx: Ctx, entityType: string, entityIds: number[]): Promise<void> {
  for (let i = 0; i < entityIds.length; i += 500) {
    await scoped(ctx)
      .deleteFrom('file_link')
      .where('entity_type', '=', entityType)
      .where('entity_id', 'in', entityIds.slice(i, i + 500))
      .execute();
  }
}

export async function openContent(ctx: Ctx, row: FileRow) {
  const stream = await ctx.sys.blobs.open(row.sha256);
  if (!stream) throw errors.notFound();
  return stream;
}

/** The actor's own uploads among `ids` in this portal. */
export async function ownFileIds(ctx: Ctx, ids: number[]): Promise<Set<number>> {
  if (!ids.length || !ctx.actor) return new Set();
  const rows = await scoped(ctx).selectFrom('file').select('id').where('id', 'in', ids).where('created_by', '=', ctx.actor.userId).execute();
  return new Set(rows.map((r) => r.id));
}

/** The portal's files among `ids`, by id. */
export async function fileInfos(ctx: Ctx, ids: number[]): Promise<Map<number, FileInfo>> {
  const wanted = [...new Set(ids)].filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);
  if (!wanted.length) return new Map();
  const rows = await scoped(ctx).selectFrom('file').select(['id', 'name', 'size', 'mime']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, infoOf(r)]));
}

/**
 * Files of a snapshot that went for good (a purged trash entry): those among `ids` attached to
 * nothing any more are deleted, in the caller's transaction, and their content leaves the store
 * once it commits with its previews, unless another file (of any portal: the store is shared by
 * content) has it too, or it is some other content's preview.
 */
export async function forgetFiles(ctx: Ctx, ids: number[]): Promise<void> {
  const unique = [...new Set(ids)];
  const gone: string[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const linked = new Set((await scoped(ctx).selectFrom('file_link').select('file_id').where('file_id', 'in', part).execute()).map((l) => l.file_id));
    const free = part.filter((id) => !linked.has(id));
    if (!free.length) continue;
    const rows = await scoped(ctx).selectFrom('file').select(['id', 'sha256']).where('id', 'in', free).execute();
    if (!rows.length) continue;
    await scoped(ctx)
      .deleteFrom('file')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    gone.push(...rows.map((r) => r.sha256));
  }
  if (!gone.length) return;
  const hashes = [...new Set(gone)];
  const blobs = ctx.sys.blobs;
  afterCommit(ctx, () =>
    // The committed transaction's connection is gone: a fresh one reads which contents are still named.
    ctx.sys.openTransaction({ ...ctx, tx: undefined }, (fresh) => dropUnnamedContents(fresh.db, blobs, hashes)),
  );
}
