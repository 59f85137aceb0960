import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { filesEvents } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { nowIso, type Queryable } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError } from '../../platform/errors.js';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import type { BlobStore } from '../../platform/files/store.js';
import type { JobHandler } from '../../platform/jobs/jobs.js';
import type { Logger } from '../../platform/logger.js';
import type { Platform } from '../../platform/platform.js';
import type { FilePreviewTable } from './schema.js';

export const PREVIEW_JOB = 'files.preview';
export type PreviewKind = FilePreviewTable['kind'];

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const PDF = 'application/pdf';

/** The square each kind fits in: the thumbnail of lists and cards, the viewer's image. */
const BOX: Record<PreviewKind, number> = { thumb: 320, view: 1600 };
const QUALITY: Record<PreviewKind, number> = { thumb: 75, view: 82 };

/** A larger image fails instead of taking the process's memory: 100 megapixels is a 12000 × 8000 photo. */
export const MAX_INPUT_PIXELS = 100_000_000;
const SHARP_TIMEOUT_S = 30;
/** A PDF page is rendered at most this many pixels on its long side, whatever size the page claims. */
const PDF_PAGE_PX = 1024;

/** The kinds of preview a type gets: images both, a PDF a thumbnail of its first page (browsers show PDFs themselves). */
export function previewKinds(mime: string): PreviewKind[] {
  if (IMAGE_TYPES.has(mime)) return ['thumb', 'view'];
  if (mime === PDF) return ['thumb'];
  return [];
}

/** How a PDF's first page is rendered: Debian's pdftoppm (poppler-utils), bounded in time and in output. */
export interface PdfRenderer {
  command: string;
  timeoutMs: number;
  maxOutputBytes: number;
}

export const defaultPdfRenderer: PdfRenderer = { command: 'pdftoppm', timeoutMs: 20_000, maxOutputBytes: 32 * 1024 * 1024 };

/** What the preview job works with: the database, the store, the log and a local folder for temp copies. */
export interface PreviewDeps {
  db: Queryable;
  blobs: BlobStore;
  log: Logger;
  dataDir: string;
}

type Rendered = { status: 'ready'; data: Buffer; width: number; height: number } | { status: 'failed' | 'unsupported'; error: string };

/** Schedules the previews of an upload whose type has them, unless its content has them already. */
export function previewScheduler(): EventProcessor {
  return defineProcessor({
    name: 'files.previews',
    events: [filesEvents.fileCreated],
    async handle(e, tx) {
      if (!previewKinds(e.payload.mime).length) return;
      const ctx = processorCtx(tx, { id: e.portalId, name: '', title: '' });
      const file = await scoped(ctx).selectFrom('file').select(['sha256', 'mime']).where('id', '=', Number(e.entityId)).executeTakeFirst();
      if (!file) return;
      const have = new Set((await tx.db.selectFrom('file_preview').select('kind').where('sha256', '=', file.sha256).execute()).map((r) => r.kind));
      if (previewKinds(file.mime).every((k) => have.has(k))) return;
      await ctx.sys.scheduleJob(ctx, { type: PREVIEW_JOB, portalId: e.portalId, payload: { sha256: file.sha256, mime: file.mime } });
    },
  });
}

/** The preview job: the content's previews, made outside any request and any transaction. */
export function previewJob(platform: Platform, pdf: PdfRenderer = defaultPdfRenderer): JobHandler {
  return async (job) => {
    const { sha256, mime } = job.payload as { sha256: string; mime: string };
    await makePreviews({ db: platform.db, blobs: platform.sys.blobs, log: platform.log, dataDir: platform.config.dataDir }, sha256, mime, pdf);
  };
}

/**
 * Makes the previews of one content that are not recorded yet. A bad input (corrupt, too many
 * pixels, a PDF that renders too long or too large) ends as a `failed` row, never as a thrown
 * error; only the store or the database failing throws, and the job is tried again.
 */
export async function makePreviews(deps: PreviewDeps, sha256: string, mime: string, pdf: PdfRenderer = defaultPdfRenderer): Promise<void> {
  const have = new Set((await deps.db.selectFrom('file_preview').select('kind').where('sha256', '=', sha256).execute()).map((r) => r.kind));
  const todo = previewKinds(mime).filter((k) => !have.has(k));
  if (!todo.length) return;
  const source = await deps.blobs.open(sha256);
  if (!source) return; // forgotten since the upload
  // A local copy, streamed: the store may be a bucket, and libvips and pdftoppm read files.
  const tmpRoot = path.join(deps.dataDir, 'tmp');
  await fs.promises.mkdir(tmpRoot, { recursive: true });
  const dir = await fs.promises.mkdtemp(path.join(tmpRoot, 'preview-'));
  try {
    const file = path.join(dir, 'source');
    await pipeline(source, fs.createWriteStream(file));
    let input: string | Buffer = file;
    let outcome: Rendered | null = null;
    if (mime === PDF) {
      const page = await renderPdfPage(file, pdf, deps.log);
      if (Buffer.isBuffer(page)) input = page;
      else outcome = page;
    }
    const now = nowIso();
    const rows: FilePreviewTable[] = [];
    const written: string[] = [];
    for (const kind of todo) {
      const r = outcome ?? (await renderImage(input, kind));
      if (r.status === 'ready') {
        const blob = await deps.blobs.put(Readable.from([r.data]));
        written.push(blob.sha256);
        rows.push({ sha256, kind, status: 'ready', preview_sha256: blob.sha256, width: r.width, height: r.height, error: null, created_at: now });
      } else {
        if (r.status === 'failed') deps.log.warn({ sha256, kind, mime, error: r.error }, 'preview failed');
        rows.push({ sha256, kind, status: r.status, preview_sha256: null, width: null, height: null, error: r.error.slice(0, 500), created_at: now });
      }
    }
    await deps.db
      .insertInto('file_preview')
      .values(rows)
      .onConflict((oc) => oc.columns(['sha256', 'kind']).doNothing())
      .execute();
    // The content may have been forgotten meanwhile, or another process recorded these kinds first.
    if (!(await namedByFiles(deps.db, [sha256])).has(sha256)) await dropUnnamedContents(deps.db, deps.blobs, [sha256]);
    else await removeUnused(deps.db, deps.blobs, written);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** One kind of preview of an image file (or of a rendered PDF page) as WebP; EXIF orientation applied, an animation's first frame. */
async function renderImage(input: string | Buffer, kind: PreviewKind): Promise<Rendered> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true, pages: 1 })
      .timeout({ seconds: SHARP_TIMEOUT_S })
      .resize(BOX[kind], BOX[kind], { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: QUALITY[kind] })
      .toBuffer({ resolveWithObject: true });
    return { status: 'ready', data, width: info.width, height: info.height };
  } catch (err) {
    return { status: 'failed', error: (err as Error).message || 'image error' };
  }
}

let warnedNoPdfRenderer = false;

/** The first page of a PDF as a PNG, or why there is none; pdftoppm missing here is `unsupported`, said once in the log. */
function renderPdfPage(file: string, r: PdfRenderer, log: Logger): Promise<Buffer | Rendered> {
  const args = ['-f', '1', '-l', '1', '-singlefile', '-png', '-scale-to', String(PDF_PAGE_PX), file];
  return new Promise((resolve) => {
    execFile(r.command, args, { encoding: 'buffer', timeout: r.timeoutMs, killSignal: 'SIGKILL', maxBuffer: r.maxOutputBytes, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout.length ? stdout : { status: 'failed', error: 'pdftoppm wrote no page' });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
      if (e.code === 'ENOENT') {
        if (!warnedNoPdfRenderer) log.warn({ command: r.command }, 'pdftoppm is not installed (Debian package poppler-utils): PDF files get no preview');
        warnedNoPdfRenderer = true;
        return resolve({ status: 'unsupported', error: `${r.command} is not installed` });
      }
      const said = String(stderr ?? '')
        .trim()
        .split('\n')
        .pop();
      const error =
        e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
          ? `the rendered page is over ${r.maxOutputBytes} bytes`
          : e.killed || e.signal
            ? `pdftoppm took longer than ${r.timeoutMs} ms`
            : said || err.message;
      resolve({ status: 'failed', error });
    });
  });
}

export const noPreview = () => new AppError(404, 'preview_unavailable', 'files.preview_none');
const previewFailed = () => new AppError(404, 'preview_unavailable', 'files.preview_failed');

/**
 * The preview of a readable file: its image (a stream and the image's sha256), `pending` while the
 * job has not run, or 404 when this type has none, it could not be made, or no renderer is installed.
 */
export async function previewOf(ctx: Ctx, file: { sha256: string; mime: string }, kind: PreviewKind): Promise<{ status: 'pending' } | { status: 'ready'; sha256: string; stream: Readable }> {
  if (!previewKinds(file.mime).includes(kind)) throw noPreview();
  const row = await ctx.db.selectFrom('file_preview').select(['status', 'preview_sha256']).where('sha256', '=', file.sha256).where('kind', '=', kind).executeTakeFirst();
  if (!row) return { status: 'pending' };
  if (row.status === 'failed') throw previewFailed();
  if (row.status !== 'ready' || !row.preview_sha256) throw noPreview();
  const stream = await ctx.sys.blobs.open(row.preview_sha256);
  if (!stream) throw noPreview();
  return { status: 'ready', sha256: row.preview_sha256, stream };
}

const CHUNK = 500;

async function inChunks<T>(items: string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await fn(items.slice(i, i + CHUNK))));
  return out;
}

/** The contents among `hashes` some file names, of any portal: the store is shared by content. */
async function namedByFiles(db: Queryable, hashes: string[]): Promise<Set<string>> {
  const rows = await inChunks(hashes, (part) =>
    // eslint-disable-next-line portal/scoped-tables -- one content may be any portal's file: the store is shared by hash
    db.selectFrom('file').select('sha256').where('sha256', 'in', part).execute(),
  );
  return new Set(rows.map((r) => r.sha256));
}

/** Removes the stored bytes among `hashes` that neither a file nor a preview names. */
async function removeUnused(db: Queryable, blobs: BlobStore, hashes: string[]): Promise<void> {
  if (!hashes.length) return;
  const files = await namedByFiles(db, hashes);
  const previews = new Set((await inChunks(hashes, (part) => db.selectFrom('file_preview').select('preview_sha256').where('preview_sha256', 'in', part).execute())).map((r) => r.preview_sha256));
  for (const h of hashes) if (!files.has(h) && !previews.has(h)) await blobs.remove(h);
}

/**
 * The contents among `hashes` that no file names any more leave the store with their previews.
 * Bytes named otherwise stay: a content that is also some other content's preview, a preview
 * image that is also an uploaded file.
 */
export async function dropUnnamedContents(db: Queryable, blobs: BlobStore, hashes: string[]): Promise<void> {
  const unique = [...new Set(hashes)];
  if (!unique.length) return;
  const named = await namedByFiles(db, unique);
  const gone = unique.filter((h) => !named.has(h));
  if (!gone.length) return;
  const dropped = await inChunks(gone, (part) => db.deleteFrom('file_preview').where('sha256', 'in', part).returning('preview_sha256').execute());
  const images = dropped.map((d) => d.preview_sha256).filter((h): h is string => !!h);
  await removeUnused(db, blobs, [...new Set([...gone, ...images])]);
}
