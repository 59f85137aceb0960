import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { EVENTS, Server, type ServerOptions } from '@tus/server';
import { isUniqueViolation, nowIso } from '../../platform/db/database.js';
import { systemCtx, transaction, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError } from '../../platform/errors.js';
import { t } from '../../platform/i18n/index.js';
import type { JobHandler } from '../../platform/jobs/jobs.js';
import type { Platform } from '../../platform/platform.js';
import { sanitizeFileName } from '../../platform/files/store.js';
import { itemWith } from './access.js';
import { checkFileType, checkQuota, formatBytes } from './quota.js';
import { storageRow, toItem } from './storages.js';
import { checkName, insertItem, itemNamed } from './tree.js';
import { HashingFileStore } from './upload-store.js';
import { putFile } from './versions.js';

type TusRequest = Parameters<NonNullable<ServerOptions['onUploadCreate']>>[0];

const UPLOAD_PATH = '/api/drive/uploads';
const DAY = 86_400_000;
/** How long an unfinished upload can be resumed; then its bytes go and its quota reservation ends. */
const UPLOAD_TTL = 2 * DAY;
export const EXPIRE_JOB = 'drive.upload.expire';

const uploadsDir = (platform: Platform) => path.join(platform.config.dataDir, 'uploads');

async function removeUpload(directory: string, id: string): Promise<void> {
  await fs.promises.rm(path.join(directory, id), { force: true });
  await fs.promises.rm(path.join(directory, `${id}.json`), { force: true });
}

/** The timed end of an upload left unfinished: its row and its bytes go (a finished one has gone already). */
export function expireUploadJob(platform: Platform): JobHandler {
  return async (job) => {
    const id = String((job.payload as { id?: unknown }).id ?? '');
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal || !/^[0-9a-f]{32}$/.test(id)) return;
    await scoped(systemCtx(platform, portal, { requestId: `drive-upload-expire-${job.id}` }))
      .deleteFrom('drive_upload')
      .where('id', '=', id)
      .execute();
    await removeUpload(uploadsDir(platform), id);
  };
}

/** The one error shape of the API, as a tus hook answers it. */
function tusError(ctx: Ctx | undefined, err: unknown): { status_code: number; body: string } {
  if (err instanceof AppError) {
    const lang = ctx?.lang ?? 'ru';
    const fields = err.fields?.map((f) => ({ field: f.field, message: t(lang, f.message as never, f.params) }));
    return { status_code: err.status, body: JSON.stringify({ error: { code: err.code, message: t(lang, err.messageKey as never, err.params), ...(fields ? { fields } : {}) } }) };
  }
  if (err && typeof err === 'object' && 'status_code' in err) return err as { status_code: number; body: string };
  throw err;
}

/** Folders of a folder upload («Отчёты/2026/март.pdf»): found or made under `folder`, one per name however many files arrive at once. */
async function folderFor(ctx: Ctx, folder: Awaited<ReturnType<typeof itemWith>>, relativePath: string | undefined) {
  const parts = (relativePath ?? '').split('/').slice(0, -1).filter(Boolean);
  let at = folder;
  for (const raw of parts) {
    const name = checkName(raw, 'relativePath');
    const found = await itemNamed(ctx, at.id, name);
    if (found && found.kind === 'folder') {
      at = { ...found, size: Number(found.size), right: at.right };
      continue;
    }
    try {
      const made = await transaction(ctx, async (tx) => {
        const again = await itemNamed(tx, at.id, name);
        if (again) return again;
        return insertItem(tx, at, { kind: 'folder', name, file_id: null, size: 0, mime: null, versions: 0 });
      });
      at = { ...made, size: Number(made.size), right: at.right };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const made = (await itemNamed(ctx, at.id, name))!;
      at = { ...made, size: Number(made.size), right: at.right };
    }
  }
  return at;
}

/**
 * Resumable uploads to the drive by the tus protocol (`tus-js-client` in the browser): an upload
 * survives a dropped connection and a server restart, since its bytes and its state are kept under
 * DATA_DIR/uploads and its owner and target in `drive_upload`. The quota and the size limit are
 * checked before the first byte; the finished file goes to the content-addressed store (the same
 * content once) and into its folder, as a new file or a new version, in one transaction.
 */
export async function uploadRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const directory = uploadsDir(platform);
  fs.mkdirSync(directory, { recursive: true });
  const ctxs = new WeakMap<IncomingMessage, Ctx>();
  const ctxOf = (req: TusRequest): Ctx => {
    const raw = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
    const ctx = raw && ctxs.get(raw);
    if (!ctx) throw { status_code: 401, body: '' };
    return ctx;
  };
  const uploadRow = (ctx: Ctx, id: string) => scoped(ctx).selectFrom('drive_upload').selectAll().where('id', '=', id).where('user_id', '=', ctx.actor!.userId).executeTakeFirst();
  const forget = async (ctx: Ctx, id: string) => {
    store?.forget(id);
    await scoped(ctx).deleteFrom('drive_upload').where('id', '=', id).execute();
    await removeUpload(directory, id);
  };

  // Made with the first upload: tus's file store makes its directory again in its constructor
  // without waiting, and its failure (a data directory removed meanwhile, as tests do) would be
  // thrown from a callback into nowhere.
  let made: Server | null = null;
  let store: HashingFileStore | undefined;
  const tusServer = () => (made ??= tusFor());
  const tusFor = () => {
    const tus = new Server({
      path: UPLOAD_PATH,
      datastore: (store = new HashingFileStore({ directory, expirationPeriodInMilliseconds: UPLOAD_TTL })),
      relativeLocation: true,
      maxSize: platform.config.driveMaxFileBytes,
      namingFunction: () => crypto.randomBytes(16).toString('hex'),
      async onIncomingRequest(req, id) {
        const ctx = ctxOf(req);
        if (req.method === 'POST') return;
        if (!(await uploadRow(ctx, id))) throw tusError(ctx, new AppError(404, 'not_found', 'drive.upload_not_found'));
      },
      async onUploadCreate(req, upload) {
        const ctx = ctxOf(req);
        try {
          const meta = upload.metadata ?? {};
          if (upload.size === undefined) throw new AppError(400, 'validation', 'drive.size_unknown');
          const folderId = Number(meta.folderId);
          if (!Number.isInteger(folderId) || folderId <= 0) throw new AppError(400, 'validation', 'drive.no_folder', {}, [{ field: 'folderId', message: 'drive.no_folder' }]);
          const folder = await itemWith(ctx, folderId, 'edit');
          if (folder.kind !== 'folder') throw new AppError(400, 'validation', 'drive.not_a_folder');
          const name = checkName(sanitizeFileName(meta.filename ?? ''), 'filename');
          await checkFileType(ctx, name);
          if (meta.relativePath) for (const part of meta.relativePath.split('/').slice(0, -1).filter(Boolean)) checkName(part, 'relativePath');
          if (upload.size === 0) throw new AppError(400, 'validation', 'drive.empty_file');
          if (upload.size > platform.config.driveMaxFileBytes) throw new AppError(413, 'payload_too_large', 'drive.too_large', { size: formatBytes(ctx.lang, platform.config.driveMaxFileBytes) });
          await checkQuota(ctx, (await storageRow(ctx, folder.storage_id))!, upload.size);
          await scoped(ctx)
            .insertInto('drive_upload', {
              id: upload.id,
              user_id: ctx.actor!.userId,
              folder_id: folder.id,
              name,
              size: upload.size,
              conflict: meta.conflict === 'keep-both' ? 'keep-both' : 'version',
              created_at: nowIso(),
            })
            .execute();
          await ctx.sys.scheduleJob(ctx, { type: EXPIRE_JOB, portalId: ctx.portal.id, runAt: new Date(Date.now() + UPLOAD_TTL), payload: { id: upload.id } });
          return { metadata: { ...meta, filename: name } };
        } catch (err) {
          throw tusError(ctx, err);
        }
      },
      async onUploadFinish(req, upload) {
        const ctx = ctxOf(req);
        const row = await uploadRow(ctx, upload.id);
        if (!row) throw tusError(ctx, new AppError(404, 'not_found', 'drive.upload_not_found'));
        try {
          const folder = await folderFor(ctx, await itemWith(ctx, row.folder_id, 'edit'), upload.metadata?.relativePath ?? undefined);
          const blob = await ctx.sys.blobs.putFile(path.join(directory, upload.id), store!.hashed(upload.id, upload.size!));
          await fs.promises.rm(path.join(directory, `${upload.id}.json`), { force: true });
          const item = await putFile(ctx, folder, row.name, blob, row.conflict);
          await scoped(ctx).deleteFrom('drive_upload').where('id', '=', upload.id).execute();
          return { status_code: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(toItem(item, folder.right)) };
        } catch (err) {
          // Nothing half-made stays: the upload is gone and must start again.
          await forget(ctx, upload.id);
          throw tusError(ctx, err instanceof AppError ? err : new AppError(500, 'upload_failed', 'drive.upload_failed'));
        }
      },
      // tus's own refusals (a wrong offset, a finished upload) in the API's one error shape.
      onResponseError(req, err) {
        const e = err as { status_code?: number; body?: string };
        const status = e.status_code ?? 500;
        if (e.body?.startsWith('{')) return { status_code: status, body: e.body };
        const lang = (() => {
          try {
            return ctxOf(req).lang;
          } catch {
            return 'ru' as const;
          }
        })();
        return {
          status_code: status,
          body: JSON.stringify({ error: { code: status >= 500 ? 'internal' : 'upload_refused', message: t(lang, status >= 500 ? 'drive.upload_failed' : 'drive.upload_refused') } }),
        };
      },
    });

    // A cancelled upload (tus termination) leaves nothing behind.
    tus.on(EVENTS.POST_TERMINATE, (req: TusRequest, _res: unknown, id: string) => {
      void forget(ctxOf(req), id).catch((err: unknown) => platform.log.warn({ err }, 'drive: a cancelled upload was not cleared'));
    });
    return tus;
  };

  // The body is tus's to read: Fastify must not parse it.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
  const handle = async (req: { raw: IncomingMessage; ctx: Ctx; headers: IncomingMessage['headers'] }, reply: { hijack(): void; raw: import('node:http').ServerResponse }) => {
    // Not a tus client: the one error shape, before tus answers in its own words.
    if (req.headers['tus-resumable'] !== '1.0.0') throw new AppError(412, 'tus_required', 'drive.tus_required');
    ctxs.set(req.raw, req.ctx);
    reply.hijack();
    await tusServer().handle(req.raw, reply.raw);
  };
  const config = { policy: 'member' as const };
  app.post(UPLOAD_PATH, { config }, handle as never);
  app.route({ method: ['HEAD', 'PATCH', 'DELETE'], url: `${UPLOAD_PATH}/:uploadId`, config, handler: handle as never });
}
