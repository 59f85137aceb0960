import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** How many first bytes of a file are kept to tell its type: enough for a zip's first entry names. */
const HEAD_BYTES = 64 * 1024;

export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first bytes of the content, for type detection. */
  head: Buffer;
}

const SHA = /^[0-9a-f]{64}$/;

/** Removes the content with this sha256 from the store (nothing when it is not there). */
export async function removeBlob(dataDir: string, sha256: string): Promise<void> {
  await fs.promises.rm(blobPath(dataDir, sha256), { force: true });
}

/** Where the content with this sha256 lives: DATA_DIR/files/<sha[0..2]>/<sha>. */
export function blobPath(dataDir: string, sha256: string): string {
  if (!SHA.test(sha256)) throw new Error('not a sha256');
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

/**
 * Writes a stream to the content-addressed store: into a temp file while hashing, then renamed
 * to its hash (or dropped when that content is already there). Never holds the file in memory.
 * An empty stream stores nothing and answers size 0. `beforeKeep` may throw to drop the upload
 * (a stream cut at the size limit) before it enters the store.
 */
export async function storeStream(dataDir: string, input: Readable, opts: { beforeKeep?: () => void } = {}): Promise<StoredBlob> {
  const tmpDir = path.join(dataDir, 'files', 'tmp');
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `${crypto.randomUUID()}.part`);
  const hash = crypto.createHash('sha256');
  const headParts: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (headLength < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - headLength);
        headParts.push(Buffer.from(part));
        headLength += part.length;
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(input, tap, fs.createWriteStream(tmp, { flags: 'wx' }));
    opts.beforeKeep?.();
    const sha256 = hash.digest('hex');
    if (size > 0) {
      const target = blobPath(dataDir, sha256);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      // Same content, same name: an existing copy is kept and the new one dropped.
      if (fs.existsSync(target)) await fs.promises.rm(tmp, { force: true });
      else await fs.promises.rename(tmp, target);
    } else {
      await fs.promises.rm(tmp, { force: true });
    }
    return { sha256, size, head: Buffer.concat(headParts) };
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

/** The content as a stream, or null when it is missing on disk. */
export function openBlob(dataDir: string, sha256: string): fs.ReadStream | null {
  const p = blobPath(dataDir, sha256);
  return fs.existsSync(p) ? fs.createReadStream(p) : null;
}

const starts = (b: Buffer, bytes: number[], at = 0) => b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);

/** Types told by their magic bytes; anything else is application/octet-stream, whatever the client said. */
export function detectMime(head: Buffer): string {
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(head, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return 'image/gif';
  if (starts(head, [0x52, 0x49, 0x46, 0x46]) && starts(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) {
    // Office documents are zips whose entry names (kept in plain text in the local headers) tell the kind.
    const names = head.toString('latin1');
    if (names.includes('[Content_Types].xml')) {
      if (names.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      if (names.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      if (names.includes('ppt/')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    }
    return 'application/zip';
  }
  return 'application/octet-stream';
}

/** Types a browser may show in the page: raster images only (never SVG or HTML). */
export const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A file name safe to keep and to send back: no path, no control or reserved characters, bounded. */
export function sanitizeFileName(raw: string | undefined | null): string {
  let name = String(raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
  name = name
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (name.length > 200) {
    const ext = path.extname(name).slice(0, 20);
    name = name.slice(0, 200 - ext.length) + ext;
  }
  return name || 'file';
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
