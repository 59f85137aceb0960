import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import yazl from 'yazl';
import {
  DriveCreateFolder,
  DriveFolderPage,
  DriveIds,
  DriveItem,
  DriveLinkInput,
  DriveListQuery,
  DriveMoveInput,
  DrivePublicLink,
  DrivePublicLinks,
  DrivePublicView,
  DriveQuota,
  DriveQuotaSettings,
  DriveRename,
  DriveShares,
  DriveSharesInput,
  DriveStorages,
  DriveTrashPage,
  DriveUploadCheck,
  DriveUploadCheckResult,
  DriveVersions,
  FileInfo,
  IdParam,
  IdValue,
  Ok,
} from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import { systemCtx, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import { contentDisposition } from '../../platform/files/store.js';
import { sendStored } from '../../platform/files/serve.js';
import { itemWith, type ItemRow } from './access.js';
import { checkLinkPassword, createLink, linkedFile, listLinks, openLink, publicView, revokeLink, unlockCookie, unlockKey } from './links.js';
import { attachFromDrive } from './attachments.js';
import { checkQuota, fileTypeCheck, quotaOf, setQuotaSettings } from './quota.js';
import * as drive from './service.js';
import { listShares, setShares } from './shares.js';
import { ensureStorage, myStorages, storageRow } from './storages.js';
import { checkName, nameKey, underPath } from './tree.js';
import { deleteForever, emptyTrash, listTrash, restore } from './trash.js';
import { uploadRoutes } from './uploads.js';
import { davRoutes } from './webdav/index.js';
import { listVersions, restoreVersion, versionFile } from './versions.js';

const Items = z.object({ items: z.array(DriveItem) });
const Count = z.object({ count: z.number().int() });
const CursorQuery = z.object({ cursor: z.string().max(400).optional() });
const TrashQuery = CursorQuery.extend({ storageId: IdValue.optional() });
const ContentQuery = z.object({ version: IdValue.optional(), inline: z.enum(['0', '1']).optional() });
const VersionParams = z.object({ id: IdValue, versionId: IdValue });
const TokenParam = z.object({ token: z.string().max(100) });
const PublicContentQuery = z.object({ item: IdValue.optional(), inline: z.enum(['0', '1']).optional() });
const Password = z.object({ password: z.string().max(200) });
const SharedPage = z.object({ items: z.array(DriveItem), nextCursor: z.string().nullable() });

/** The most files a folder's zip holds. */
const ZIP_MAX_FILES = 20_000;

/** Streams a folder as a zip built on the fly: each file's content is opened only when the archive reaches it. */
async function zipFolder(ctx: Ctx, folder: ItemRow) {
  const rows = await scoped(ctx)
    .selectFrom('drive_item')
    .leftJoin('file', 'file.id', 'drive_item.file_id')
    .select(['drive_item.id', 'drive_item.parent_id', 'drive_item.kind', 'drive_item.name', 'drive_item.updated_at', 'drive_item.path', 'file.sha256'])
    .where('drive_item.storage_id', '=', folder.storage_id)
    .where(underPath(ctx, folder.path))
    .where('drive_item.trashed_at', 'is', null)
    .limit(ZIP_MAX_FILES + 1)
    .execute();
  if (rows.length > ZIP_MAX_FILES) throw new AppError(400, 'validation', 'drive.too_many', { max: ZIP_MAX_FILES });
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const zip = new yazl.ZipFile();
  for (const r of rows.sort((a, b) => a.path.localeCompare(b.path))) {
    if (r.id === folder.id) continue;
    const rel = r.path
      .split('/')
      .filter(Boolean)
      .map(Number)
      .slice(r.path.split('/').filter(Boolean).indexOf(String(folder.id)) + 1)
      .map((id) => names.get(id) ?? '')
      .join('/');
    const mtime = new Date(r.updated_at);
    if (r.kind === 'folder') zip.addEmptyDirectory(rel, { mtime });
    else if (r.sha256) {
      const sha = r.sha256;
      zip.addReadStreamLazy(rel, { mtime, compress: false }, (cb) => {
        ctx.sys.blobs.open(sha).then(
          (s) => cb(s ? null : new Error('missing content'), s as never),
          (err: Error) => cb(err, null as never),
        );
      });
    }
  }
  zip.end();
  return zip.outputStream;
}

/** «Диск»: drives, folders, files and their versions, the trash, shares, public links, quotas and resumable uploads. */
export async function driveRoutes(scope: FastifyInstance, platform: Platform): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/drive/storages', { config: member, schema: { response: { 200: DriveStorages } } }, async (req) => myStorages(req.ctx));

  app.get('/api/drive/items/:id/children', { config: member, schema: { params: IdParam, querystring: DriveListQuery, response: { 200: DriveFolderPage } } }, async (req) =>
    drive.listFolder(req.ctx, req.params.id, req.query),
  );
  app.post('/api/drive/folders', { config: member, schema: { body: DriveCreateFolder, response: { 200: DriveItem } } }, async (req) => drive.createFolder(req.ctx, req.body.parentId, req.body.name));
  app.get('/api/drive/items/:id', { config: member, schema: { params: IdParam, response: { 200: DriveItem } } }, async (req) => drive.getItem(req.ctx, req.params.id));
  app.patch('/api/drive/items/:id', { config: member, schema: { params: IdParam, body: DriveRename, response: { 200: DriveItem } } }, async (req) =>
    drive.rename(req.ctx, req.params.id, req.body.name, req.body.conflict),
  );
  app.post('/api/drive/items/move', { config: member, schema: { body: DriveMoveInput, response: { 200: Items } } }, async (req) => ({
    items: await drive.move(req.ctx, req.body.ids, req.body.targetId, req.body.conflict),
  }));
  app.post('/api/drive/items/copy', { config: member, schema: { body: DriveMoveInput, response: { 200: Items } } }, async (req) => ({
    items: await drive.copy(req.ctx, req.body.ids, req.body.targetId, req.body.conflict),
  }));
  app.post('/api/drive/items/trash', { config: member, schema: { body: DriveIds, response: { 200: Count } } }, async (req) => ({ count: await drive.trash(req.ctx, req.body.ids) }));

  app.get('/api/drive/shared', { config: member, schema: { querystring: CursorQuery, response: { 200: SharedPage } } }, async (req) => drive.sharedWithMe(req.ctx, req.query.cursor));

  app.get('/api/drive/trash', { config: member, schema: { querystring: TrashQuery, response: { 200: DriveTrashPage } } }, async (req) => {
    const storageId = req.query.storageId ?? (await ensureStorage(req.ctx, 'user', req.ctx.actor!.userId)).id;
    const storage = await storageRow(req.ctx, storageId);
    if (!storage) throw errors.notFound();
    const cursor = req.query.cursor && /^\d{1,10}$/.test(req.query.cursor) ? Number(req.query.cursor) : null;
    return listTrash(req.ctx, storage.id, cursor);
  });
  app.post('/api/drive/trash/restore', { config: member, schema: { body: DriveIds, response: { 200: Items } } }, async (req) => ({ items: await restore(req.ctx, req.body.ids) }));
  app.post('/api/drive/trash/delete', { config: member, schema: { body: DriveIds, response: { 200: Count } } }, async (req) => ({ count: await deleteForever(req.ctx, req.body.ids) }));
  app.post('/api/drive/trash/empty', { config: member, schema: { body: z.object({ storageId: IdValue }), response: { 200: Count } } }, async (req) => {
    if (!(await storageRow(req.ctx, req.body.storageId))) throw errors.notFound();
    return { count: await emptyTrash(req.ctx, req.body.storageId) };
  });

  app.get('/api/drive/items/:id/versions', { config: member, schema: { params: IdParam, response: { 200: DriveVersions } } }, async (req) => ({ items: await listVersions(req.ctx, req.params.id) }));
  app.post('/api/drive/items/:id/versions/:versionId/restore', { config: member, schema: { params: VersionParams, response: { 200: DriveItem } } }, async (req) =>
    restoreVersion(req.ctx, req.params.id, req.params.versionId),
  );

  app.get('/api/drive/items/:id/content', { config: member, schema: { params: IdParam, querystring: ContentQuery } }, async (req, reply) => {
    const item = await itemWith(req.ctx, req.params.id, 'read');
    return sendStored(req, reply, req.ctx.sys.blobs, await versionFile(req.ctx, item, req.query.version), { inline: req.query.inline === '1', inlinePdf: true });
  });
  // «Выбрать на Диске» in an attachment: the picked file becomes the actor's own file to attach.
  app.post('/api/drive/items/:id/attach', { config: member, schema: { params: IdParam, response: { 200: FileInfo } } }, async (req) => attachFromDrive(req.ctx, req.params.id));
  app.get('/api/drive/items/:id/zip', { config: member, schema: { params: IdParam } }, async (req, reply) => {
    const folder = await itemWith(req.ctx, req.params.id, 'read');
    if (folder.kind !== 'folder') throw errors.field('id', 'drive.not_a_folder');
    const name = `${folder.parent_id === null ? 'drive' : folder.name}.zip`;
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', contentDisposition('attachment', name))
      .header('x-content-type-options', 'nosniff')
      .send(await zipFolder(req.ctx, folder));
  });

  app.get('/api/drive/items/:id/shares', { config: member, schema: { params: IdParam, response: { 200: DriveShares } } }, async (req) => listShares(req.ctx, req.params.id));
  app.put('/api/drive/items/:id/shares', { config: member, schema: { params: IdParam, body: DriveSharesInput, response: { 200: DriveShares } } }, async (req) =>
    setShares(req.ctx, req.params.id, req.body),
  );

  app.get('/api/drive/items/:id/links', { config: member, schema: { params: IdParam, response: { 200: DrivePublicLinks } } }, async (req) => ({ items: await listLinks(req.ctx, req.params.id) }));
  app.post('/api/drive/items/:id/links', { config: member, schema: { params: IdParam, body: DriveLinkInput, response: { 200: DrivePublicLink } } }, async (req) =>
    createLink(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/drive/links/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await revokeLink(req.ctx, req.params.id);
    return { ok: true as const };
  });

  app.get('/api/drive/quota', { config: member, schema: { response: { 200: DriveQuota } } }, async (req) => quotaOf(req.ctx, platform.config.driveMaxFileBytes));
  app.put('/api/drive/quota', { config: { policy: 'admin' }, schema: { body: DriveQuotaSettings, response: { 200: DriveQuotaSettings } } }, async (req) => setQuotaSettings(req.ctx, req.body));

  // Asked before an upload starts: names already in the folder (to offer a new version or keeping both), and the quota for all of them together.
  app.post('/api/drive/uploads/check', { config: member, schema: { body: DriveUploadCheck, response: { 200: DriveUploadCheckResult } } }, async (req) => {
    const folder = await itemWith(req.ctx, req.body.folderId, 'edit');
    if (folder.kind !== 'folder') throw errors.field('folderId', 'drive.not_a_folder');
    const total = req.body.files.reduce((n, f) => n + f.size, 0);
    await checkQuota(req.ctx, (await storageRow(req.ctx, folder.storage_id))!, total);
    const checkType = await fileTypeCheck(req.ctx);
    const keys = req.body.files.slice(0, 500).map((f) => {
      const name = checkName(f.name, 'files');
      checkType(name, 'files');
      return nameKey(name);
    });
    // The folder's files of those names, in one statement.
    const found = await scoped(req.ctx)
      .selectFrom('drive_item')
      .select('name')
      .where('parent_id', '=', folder.id)
      .where('kind', '=', 'file')
      .where('trashed_at', 'is', null)
      .where('name_key', 'in', [...new Set(keys)])
      .execute();
    return { taken: found.map((r) => r.name) };
  });

  await app.register(async (uploads) => uploadRoutes(uploads, platform));
  await app.register(async (webdav) => davRoutes(webdav, platform));

  // Public links: no account; every request counts against the address's per-minute limit.
  const open = { policy: 'public' as const, rateLimited: true, csrfExempt: true };
  const portalCtx = (req: { portal: Parameters<typeof systemCtx>[1] | null }) => {
    if (!req.portal) throw errors.notFound();
    return systemCtx(platform, req.portal);
  };
  const unlocked = (cookies: Record<string, string | undefined>) => (link: { id: number; token: string; password_hash: string | null }) => cookies[unlockCookie(link.id)] === unlockKey(link);
  app.get('/api/public/drive/:token', { config: open, schema: { params: TokenParam, response: { 200: DrivePublicView } } }, async (req) => {
    const ctx = portalCtx(req);
    const { link, item } = await openLink(ctx, req.params.token, unlocked(req.cookies));
    return publicView(ctx, link, item);
  });
  app.post('/api/public/drive/:token/unlock', { config: open, schema: { params: TokenParam, body: Password, response: { 200: DrivePublicView } } }, async (req, reply) => {
    const ctx = portalCtx(req);
    const link = await checkLinkPassword(ctx, req.params.token, req.body.password);
    reply.setCookie(unlockCookie(link.id), unlockKey(link), { path: '/', httpOnly: true, sameSite: 'lax', secure: platform.config.secureCookies, maxAge: 12 * 3600 });
    const { item } = await openLink(ctx, req.params.token, () => true);
    return publicView(ctx, link, item);
  });
  app.get('/api/public/drive/:token/content', { config: open, schema: { params: TokenParam, querystring: PublicContentQuery } }, async (req, reply) => {
    const ctx = portalCtx(req);
    const { link, item } = await openLink(ctx, req.params.token, unlocked(req.cookies));
    const file = await linkedFile(ctx, item, req.query.item);
    if (file.kind === 'folder') {
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition('attachment', `${file.name}.zip`))
        .header('x-content-type-options', 'nosniff')
        .send(await zipFolder(ctx, file));
    }
    return sendStored(req, reply, ctx.sys.blobs, await versionFile(ctx, file), { inline: req.query.inline === '1' && !link.download_only });
  });
}
