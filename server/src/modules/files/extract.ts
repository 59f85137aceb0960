import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { filesEvents } from '@vavilon/contracts';
import { systemCtx, transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import type { JobHandler } from '../../platform/jobs/jobs.js';
import type { Platform } from '../../platform/platform.js';
import { textOfContent } from './text.js';

export const TEXT_JOB = 'files.text';
const PDF = 'application/pdf';
/** How much of a content's text search keeps: enough for any document's words, bounded for the index. */
export const INDEX_TEXT_CHARS = 100_000;
/** How much of a text file is read for it. */
const TEXT_BYTES = 512 * 1024;

/** How a PDF's text is read: Debian's pdftotext (poppler-utils), bounded in pages, time and output. */
export interface PdfTextReader {
  command: string;
  timeoutMs: number;
  maxOutputBytes: number;
}

export const defaultPdfText: PdfTextReader = { command: 'pdftotext', timeoutMs: 30_000, maxOutputBytes: 4 * 1024 * 1024 };

/** Contents whose text search reads: PDFs, and files the upload could not tell (text and code are among them). */
const readsText = (mime: string) => mime === PDF || mime === 'application/octet-stream';

/** Schedules the reading of an upload's text, unless its content has been read already. */
export function textScheduler(): EventProcessor {
  return defineProcessor({
    name: 'files.text',
    events: [filesEvents.fileCreated],
    async handle(e, tx) {
      if (!readsText(e.payload.mime)) return;
      const ctx = processorCtx(tx, { id: e.portalId, name: '', title: '' });
      const file = await scoped(ctx).selectFrom('file').select(['sha256']).where('id', '=', Number(e.entityId)).executeTakeFirst();
      if (!file) return;
      const done = await tx.db.selectFrom('file_text').select('sha256').where('sha256', '=', file.sha256).executeTakeFirst();
      if (done) return;
      await ctx.sys.scheduleJob(ctx, { type: TEXT_JOB, portalId: e.portalId, payload: { fileId: Number(e.entityId) } });
    },
  });
}

function pdfText(file: string, r: PdfTextReader): Promise<{ status: 'ready' | 'none' | 'failed'; text: string }> {
  return new Promise((resolve) => {
    execFile(
      r.command,
      ['-l', '200', '-enc', 'UTF-8', '-q', file, '-'],
      { encoding: 'utf8', timeout: r.timeoutMs, killSignal: 'SIGKILL', maxBuffer: r.maxOutputBytes, windowsHide: true },
      (err, stdout) => {
        // Output over the bound still says what the first pages hold.
        if (err && (err as NodeJS.ErrnoException).code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ status: 'failed', text: '' });
        const text = String(stdout ?? '').trim();
        resolve({ status: text ? 'ready' : 'none', text });
      },
    );
  });
}

/** A content's text as search wants it: words, not layout. */
const squeeze = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, INDEX_TEXT_CHARS);

/**
 * The text job: reads a content's text once (outside any request and transaction), keeps it by its
 * hash, and tells the modules, whose items showing files of it are indexed again.
 */
export function textJob(platform: Platform, reader: PdfTextReader = defaultPdfText): JobHandler {
  return async (job) => {
    const fileId = Number((job.payload as { fileId?: unknown }).fileId);
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal || !Number.isInteger(fileId)) return;
    const ctx = systemCtx(platform, portal, { requestId: `files-text-${job.id}` });
    const file = await scoped(ctx).selectFrom('file').select(['sha256', 'size', 'mime', 'name']).where('id', '=', fileId).executeTakeFirst();
    if (!file) return;
    const known = await platform.db.selectFrom('file_text').select('sha256').where('sha256', '=', file.sha256).executeTakeFirst();
    if (!known) {
      const read = await readText(platform, { ...file, size: Number(file.size) }, reader);
      await platform.db
        .insertInto('file_text')
        .values({ sha256: file.sha256, status: read.status, text: squeeze(read.text), created_at: nowIso() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    }
    await transaction(ctx, (tx) => recordEvent(tx, filesEvents.textRead, { entityType: 'file', entityId: fileId, payload: { sha256: file.sha256 } }));
  };
}

async function readText(platform: Platform, file: { sha256: string; size: number; mime: string; name: string }, reader: PdfTextReader): Promise<{ status: 'ready' | 'none' | 'failed'; text: string }> {
  if (file.mime !== PDF) {
    try {
      const { text } = await textOfContent(platform.sys.blobs, file, TEXT_BYTES);
      return { status: text.trim() ? 'ready' : 'none', text };
    } catch {
      return { status: 'none', text: '' };
    }
  }
  const source = await platform.sys.blobs.open(file.sha256);
  if (!source) return { status: 'failed', text: '' };
  // A local copy, streamed: the store may be a bucket, and pdftotext reads files.
  const tmpRoot = path.join(platform.config.dataDir, 'tmp');
  await fs.promises.mkdir(tmpRoot, { recursive: true });
  const dir = await fs.promises.mkdtemp(path.join(tmpRoot, 'text-'));
  try {
    const local = path.join(dir, 'source.pdf');
    await pipeline(source, fs.createWriteStream(local));
    return await pdfText(local, reader);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** The texts read of contents, by sha256 (none for those not read, or with no text). */
export async function contentTexts(ctx: Ctx, sha256s: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(sha256s)];
  const out = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('file_text')
      .select(['sha256', 'text'])
      .where('sha256', 'in', wanted.slice(i, i + 500))
      .where('status', '=', 'ready')
      .execute();
    for (const r of rows) out.set(r.sha256, r.text);
  }
  return out;
}
