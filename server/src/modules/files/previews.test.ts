import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileInfo } from '@vavilon/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { agent, buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { minimalPdf, pngBytes, uploadFile } from '../../../test/files-support.js';
import { systemCtxFor } from '../../../test/support.js';
import { transaction } from '../../platform/context.js';
import { forgetFiles } from './service.js';
import { defaultPdfRenderer, makePreviews, MAX_INPUT_PIXELS, type PdfRenderer } from './previews.js';
import { TEXT_VIEW_BYTES } from './text.js';
import * as previewMigration from './migrations/20261208_0100_file_preview.js';

let t: TestApp;
let p: TestPortal;
let me: Agent;
let colleague: Agent;
let stranger: Agent;
let tmp: string;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  const q = await buildPortal(t);
  me = await signIn(t, p.portal.name, p.users.employee.email);
  colleague = await signIn(t, p.portal.name, p.users.other.email);
  stranger = await signIn(t, q.portal.name, q.users.employee.email);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-tools-'));
});
afterAll(async () => {
  await t?.dispose();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

async function upload(a: Agent, content: Buffer | string, name: string): Promise<FileInfo> {
  const res = await uploadFile(t, a, content, name);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as FileInfo;
}

/** The upload's event reaches the processor, which schedules the job; the job runs. */
async function settle(): Promise<void> {
  await t.platform.events.drain();
  await t.platform.jobs.runDue();
}

const preview = (a: Agent, id: number, kind: 'thumb' | 'view' = 'thumb') => a.get(`/api/files/${id}/preview?kind=${kind}`);

async function image(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers['content-type']).toBe('image/webp');
  const meta = await sharp(res.rawPayload).metadata();
  expect(meta.format).toBe('webp');
  return { width: meta.width, height: meta.height, meta };
}

const previewRows = (content: Buffer) => t.platform.db.selectFrom('file_preview').selectAll().where('sha256', '=', sha(content)).orderBy('kind').execute();

const png = (width: number, height: number, background = '#3366cc') =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();

/** A one-page PDF written by hand: a page of `w` × `h` points with a filled rectangle, `note` to make each one's content unique. */
function pdf(w: number, h: number, note = crypto.randomBytes(4).toString('hex')): Buffer {
  return minimalPdf({ width: w, height: h, content: `0 0 1 rg ${w / 10} ${h / 10} ${(w * 8) / 10} ${(h * 8) / 10} re f % ${note}` });
}

/** A PNG whose header claims `width` × `height` pixels over a tiny body: what a decompression bomb looks like to a decoder. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const b = Buffer.from(await png(4, 4));
  // The IHDR chunk: length (4), type (4), width and height at 16 and 20, its CRC after the 13 data bytes.
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b.writeUInt32BE(zlib.crc32(b.subarray(12, 29)) >>> 0, 29);
  return b;
}

/** A stand-in for pdftoppm: a shell script. */
function fakeRenderer(name: string, script: string, over: Partial<PdfRenderer> = {}): PdfRenderer {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return { ...defaultPdfRenderer, command: file, ...over };
}

const deps = () => ({ db: t.platform.db, blobs: t.platform.sys.blobs, log: t.platform.log, dataDir: t.config.dataDir });

describe('previews of images', () => {
  it('answers 202 until the job has run, then a WebP thumbnail within 320 × 320 and a viewer image within 1600, cached by its hash', async () => {
    const content = await png(1000, 500);
    const f = await upload(me, content, 'Схема.png');
    const pending = await preview(me, f.id);
    expect(pending.statusCode).toBe(202);
    expect(pending.json()).toEqual({ status: 'pending' });
    expect(pending.headers['cache-control']).toBe('no-store');

    await settle();
    const thumb = await preview(me, f.id);
    expect(await image(thumb)).toMatchObject({ width: 320, height: 160 });
    expect(thumb.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect(thumb.headers['x-content-type-options']).toBe('nosniff');
    const rows = await previewRows(content);
    expect(rows.map((r) => [r.kind, r.status, r.width, r.height])).toEqual([
      ['thumb', 'ready', 320, 160],
      ['view', 'ready', 1000, 500],
    ]);
    expect(thumb.headers.etag).toBe(`"${rows[0]!.preview_sha256}"`);
    expect(sha(thumb.rawPayload)).toBe(rows[0]!.preview_sha256);
    // Not enlarged: the viewer gets the picture at its own size.
    expect(await image(await preview(me, f.id, 'view'))).toMatchObject({ width: 1000, height: 500 });
    expect((await preview(me, f.id)).statusCode).toBe(200); // `kind` defaults to the thumbnail

    const again = await me.request('GET', `/api/files/${f.id}/preview?kind=thumb`, undefined, { 'if-none-match': String(thumb.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('fits a large image into 1600 for the viewer, and keeps a small one as it is', async () => {
    const big = await upload(me, await png(4000, 3000), 'big.png');
    const small = await upload(me, await png(90, 120), 'small.png');
    await settle();
    expect(await image(await preview(me, big.id, 'view'))).toMatchObject({ width: 1600, height: 1200 });
    expect(await image(await preview(me, big.id))).toMatchObject({ width: 320, height: 240 });
    expect(await image(await preview(me, small.id))).toMatchObject({ width: 90, height: 120 });
  });

  it('turns a JPEG as its EXIF orientation says, and keeps none of its metadata', async () => {
    // Stored 400 × 200, left half red and right half blue; orientation 6: shown turned 90° clockwise.
    const left = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } })
      .composite([{ input: left, left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const f = await upload(me, jpeg, 'photo.jpg');
    await settle();
    const { width, height, meta } = await image(await preview(me, f.id));
    expect([width, height]).toEqual([160, 320]);
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    const res = await preview(me, f.id);
    const { data, info } = await sharp(res.rawPayload).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    // The left (red) half is on top once turned.
    expect(at(80, 40)[0]).toBeGreaterThan(200);
    expect(at(80, 40)[2]).toBeLessThan(60);
    expect(at(80, 280)[2]).toBeGreaterThan(200);
    expect(at(80, 280)[0]).toBeLessThan(60);
  });

  it('takes the first frame of an animated GIF', async () => {
    const frame = (c: string) =>
      sharp({ create: { width: 60, height: 40, channels: 3, background: c } })
        .png()
        .toBuffer();
    const gif = await sharp([await frame('#00ff00'), await frame('#ff00ff')], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const f = await upload(me, gif, 'anim.gif');
    await settle();
    const res = await preview(me, f.id);
    const { width, height, meta } = await image(res);
    expect([width, height, meta.pages ?? 1]).toEqual([60, 40, 1]);
    const { data } = await sharp(res.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect(data[1]).toBeGreaterThan(200); // green, the first frame
    expect(data[0]).toBeLessThan(60);
  });
});

describe('previews of PDF files', () => {
  it("renders the first page's thumbnail with pdftoppm; a PDF has no viewer image", async () => {
    const content = pdf(200, 100);
    const f = await upload(me, content, 'Договор.pdf');
    expect(f.mime).toBe('application/pdf');
    expect((await preview(me, f.id)).statusCode).toBe(202);
    await settle();
    expect(await image(await preview(me, f.id))).toMatchObject({ width: 320, height: 160 });
    const view = await preview(me, f.id, 'view');
    expect(view.statusCode).toBe(404);
    expect(view.json().error).toMatchObject({ code: 'preview_unavailable', message: 'У этого файла нет превью: его можно скачать' });
    expect((await previewRows(content)).map((r) => r.kind)).toEqual(['thumb']);
  });

  it('renders a page that claims an enormous size no larger than the thumbnail needs', async () => {
    const f = await upload(me, pdf(14400, 7200), 'plan.pdf');
    await settle();
    expect(await image(await preview(me, f.id))).toMatchObject({ width: 320, height: 160 });
  });

  it('ends as "failed" when pdftoppm takes too long or writes too much, and as "unsupported" when it is missing', async () => {
    const slow = pdf(100, 100);
    const flood = pdf(100, 100);
    const missing = pdf(100, 100);
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(3000)]);
    const files = [await upload(me, slow, 'slow.pdf'), await upload(me, flood, 'flood.pdf'), await upload(me, missing, 'missing.pdf'), await upload(me, garbage, 'garbage.pdf')];
    const started = Date.now();
    await makePreviews(deps(), sha(slow), 'application/pdf', fakeRenderer('slow', 'exec sleep 30', { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(10_000);
    await makePreviews(deps(), sha(flood), 'application/pdf', fakeRenderer('flood', 'exec head -c 5000000 /dev/zero', { maxOutputBytes: 100_000 }));
    await makePreviews(deps(), sha(missing), 'application/pdf', { ...defaultPdfRenderer, command: path.join(tmp, 'no-such-pdftoppm') });
    await settle(); // the real pdftoppm on the garbage
    const rows = await Promise.all([slow, flood, missing, garbage].map(async (c) => (await previewRows(c))[0]));
    expect(rows.map((r) => r?.status)).toEqual(['failed', 'failed', 'unsupported', 'failed']);
    expect(rows[0]!.error).toMatch(/longer than 300 ms/);
    expect(rows[1]!.error).toMatch(/over 100000 bytes/);
    expect(rows[2]!.error).toMatch(/not installed/);
    const answers = await Promise.all(files.map((f) => preview(me, f.id)));
    expect(answers.map((a) => [a.statusCode, a.json().error.message])).toEqual([
      [404, 'Не удалось сделать превью: файл повреждён или слишком большой'],
      [404, 'Не удалось сделать превью: файл повреждён или слишком большой'],
      [404, 'У этого файла нет превью: его можно скачать'],
      [404, 'Не удалось сделать превью: файл повреждён или слишком большой'],
    ]);
  });
});

describe('bad inputs', () => {
  it('a corrupt PNG ends as 404 "failed", and the server goes on answering and previewing', async () => {
    const corrupt = pngBytes(5000);
    const f = await upload(me, corrupt, 'broken.png');
    await settle();
    const res = await preview(me, f.id);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'preview_unavailable', message: 'Не удалось сделать превью: файл повреждён или слишком большой' });
    expect((await previewRows(corrupt)).map((r) => r.status)).toEqual(['failed', 'failed']);
    // The job itself is done, not left to be retried.
    const jobs = await t.platform.db.selectFrom('job').select(['status', 'payload']).where('type', '=', 'files.preview').execute();
    expect(jobs.filter((j) => j.payload.includes(sha(corrupt))).map((j) => j.status)).toEqual(['done']);

    expect((await me.get('/api/healthz')).statusCode).toBe(200);
    const next = await upload(me, await png(50, 50, '#00aa00'), 'fine.png');
    await settle();
    expect(await image(await preview(me, next.id))).toMatchObject({ width: 50, height: 50 });
  });

  it(`refuses an image of more than ${MAX_INPUT_PIXELS / 1e6} megapixels before decoding it`, async () => {
    const huge = await pngClaiming(30_000, 30_000);
    expect((await sharp(huge, { limitInputPixels: false }).metadata()).width).toBe(30_000);
    const f = await upload(me, huge, 'huge.png');
    await settle();
    expect((await preview(me, f.id)).statusCode).toBe(404);
    const rows = await previewRows(huge);
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(rows[0]!.error).toMatch(/pixel limit/i);
  });

  it('gives nothing for a type that has no preview', async () => {
    const jobs = () => t.platform.db.selectFrom('job').select('id').where('type', '=', 'files.preview').execute();
    await settle();
    const before = (await jobs()).length;
    const f = await upload(me, 'просто текст', 'note.txt');
    await settle();
    const res = await preview(me, f.id);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('preview_unavailable');
    expect((await jobs()).length).toBe(before);
  });
});

describe('rights and sharing', () => {
  it('answers "not found" to a colleague without rights, to another portal and without a session', async () => {
    const f = await upload(me, await png(30, 30, '#123456'), 'private.png');
    await settle();
    expect((await preview(me, f.id)).statusCode).toBe(200);
    for (const a of [colleague, stranger]) {
      for (const url of [`/api/files/${f.id}/preview`, `/api/files/${f.id}/preview?kind=view`, `/api/files/${f.id}/text`]) {
        const res = await a.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().error).toMatchObject({ code: 'not_found', message: 'Не найдено' });
      }
    }
    expect((await agent(t, p.portal.name).get(`/api/files/${f.id}/preview`)).statusCode).toBe(401);
  });

  it('previews the same content once, whoever uploads it under whatever name', async () => {
    const content = await png(300, 200, '#aa5500');
    const blobsBefore = await storedCount();
    const a = await upload(me, content, 'a.png');
    const b = await upload(colleague, content, 'другое имя.png');
    const c = await upload(stranger, content, 'c.png');
    await settle();
    const rows = await previewRows(content);
    expect(rows.map((r) => r.kind)).toEqual(['thumb', 'view']);
    // The content and its two images.
    expect(await storedCount()).toBe(blobsBefore + 3);
    const tags = await Promise.all([preview(me, a.id), preview(colleague, b.id), preview(stranger, c.id)].map(async (r) => (await r).headers.etag));
    expect(new Set(tags)).toEqual(new Set([`"${rows[0]!.preview_sha256}"`]));
  });

  it('drops the previews with the content when its last file is forgotten, and not before', async () => {
    const content = await png(64, 48, '#445566');
    const a = await upload(me, content, 'one.png');
    const b = await upload(me, content, 'two.png');
    await settle();
    const images = (await previewRows(content)).map((r) => r.preview_sha256!);
    expect(images).toHaveLength(2);
    const forget = (id: number) => transaction(systemCtxFor(t, p.portal), (ctx) => forgetFiles(ctx, [id]));

    await forget(a.id);
    expect(await previewRows(content)).toHaveLength(2);
    expect(await t.platform.sys.blobs.has(images[0]!)).toBe(true);

    await forget(b.id);
    expect(await previewRows(content)).toEqual([]);
    for (const h of [sha(content), ...images]) expect(await t.platform.sys.blobs.has(h)).toBe(false);
  });

  it('keeps a preview image that is also an uploaded file, and a content that is also a preview, when the other goes', async () => {
    const content = await png(500, 500, '#778899');
    const original = await upload(me, content, 'original.png');
    await settle();
    const thumbBytes = (await preview(me, original.id)).rawPayload;
    // Someone uploads the thumbnail itself: the same bytes, now a file too.
    const copy = await upload(me, thumbBytes, 'thumb-copy.webp');
    const forget = (id: number) => transaction(systemCtxFor(t, p.portal), (ctx) => forgetFiles(ctx, [id]));

    await forget(copy.id);
    expect(await t.platform.sys.blobs.has(sha(thumbBytes))).toBe(true);
    expect((await preview(me, original.id)).statusCode).toBe(200);

    const again = await upload(me, thumbBytes, 'thumb-again.webp');
    await forget(original.id);
    expect(await t.platform.sys.blobs.has(sha(content))).toBe(false);
    expect(await t.platform.sys.blobs.has(sha(thumbBytes))).toBe(true);
    expect((await me.get(`/api/files/${again.id}`)).rawPayload.equals(thumbBytes)).toBe(true);
  });
});

describe('files uploaded before previews existed', () => {
  it('get their preview job from the migration', async () => {
    const own = await startTestApp();
    try {
      const q = await buildPortal(own);
      const a = await signIn(own, q.portal.name, q.users.employee.email);
      const res = await uploadFile(own, a, await png(200, 100, '#101010'), 'old.png');
      expect(res.statusCode).toBe(200);
      const f = res.json() as FileInfo;
      // As on an install that had files and no previews: no table yet, the uploads' events long handled.
      await own.platform.db.schema.dropTable('file_preview').execute();
      await previewMigration.up(own.platform.db as never, own.platform.dialect);
      const jobs = await own.platform.db.selectFrom('job').select(['portal_id', 'payload']).where('type', '=', 'files.preview').execute();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.portal_id).toBeNull();
      await own.platform.jobs.runDue();
      const thumb = await a.get(`/api/files/${f.id}/preview`);
      expect(thumb.statusCode).toBe(200);
      expect((await sharp(thumb.rawPayload).metadata()).width).toBe(200);
    } finally {
      await own.dispose();
    }
  });
});

describe('text view', () => {
  it('returns a UTF-8 text file as text', async () => {
    const f = await upload(me, 'Привет, мир!\nВторая строка', 'заметка.txt');
    expect(await jsonOk(await me.get(`/api/files/${f.id}/text`))).toEqual({ text: 'Привет, мир!\nВторая строка', truncated: false });
    const code = await upload(me, 'export const x = 1;\n', 'x.ts');
    expect((await me.get(`/api/files/${code.id}/text`)).json()).toEqual({ text: 'export const x = 1;\n', truncated: false });
  });

  it('reads a code or text file in Windows-1251 by its name, and refuses the same bytes under a binary name', async () => {
    const cp1251 = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x0a]); // «Привет\n»
    const txt = await upload(me, cp1251, 'old.txt');
    expect((await me.get(`/api/files/${txt.id}/text`)).json()).toEqual({ text: 'Привет\n', truncated: false });
    const bin = await upload(me, cp1251, 'old.dat');
    const res = await me.get(`/api/files/${bin.id}/text`);
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({ code: 'not_text', message: 'Это не текстовый файл: его можно только скачать' });
  });

  it(`gives the first ${TEXT_VIEW_BYTES / 1024} KB of a long file, never half a character`, async () => {
    // One byte first, then two-byte letters: the cut falls inside one.
    const long = `a${'ж'.repeat(200_000)}`;
    const f = await upload(me, long, 'long.log');
    const { text, truncated } = await jsonOk(await me.get(`/api/files/${f.id}/text`));
    expect(truncated).toBe(true);
    expect(text.endsWith('\uFFFD')).toBe(false);
    expect(Buffer.byteLength(text)).toBe(TEXT_VIEW_BYTES - 1);
  });

  it('refuses binary files with 415: images, PDFs, and bytes with NUL whatever their name', async () => {
    for (const [content, name] of [
      [await png(10, 10), 'image.png'],
      [pdf(100, 100), 'doc.pdf'],
      [Buffer.from([0x61, 0x00, 0x62, 0x00]), 'utf16.txt'],
      [Buffer.concat([Buffer.from('const a = 1;\n'), Buffer.from([0]), crypto.randomBytes(100)]), 'packed.js'],
    ] as const) {
      const f = await upload(me, content, name);
      const res = await me.get(`/api/files/${f.id}/text`);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error.code).toBe('not_text');
    }
  });
});

async function jsonOk(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { text: string; truncated: boolean };
}

async function storedCount(): Promise<number> {
  const root = path.join(t.config.dataDir, 'files');
  if (!fs.existsSync(root)) return 0;
  return fs
    .readdirSync(root)
    .filter((d) => d !== 'tmp')
    .reduce((n, d) => n + fs.readdirSync(path.join(root, d)).length, 0);
}
