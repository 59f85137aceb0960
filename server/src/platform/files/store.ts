import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
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

/** A byte range of a stored content, both ends included (HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where contents live, named by their sha256: the same content is stored once, whoever sent it.
 * DATA_DIR is the default (`LocalBlobStore`); an install of several server processes uses an
 * S3-compatible bucket instead. Services reach it as `ctx.sys.blobs`.
 */
export interface BlobStore {
  /**
   * Writes a stream in while hashing it; never holds it in memory. An empty stream stores nothing
   * and answers size 0. `beforeKeep` may throw to drop the upload (a stream cut at the size limit)
   * before it enters the store.
   */
  put(input: Readable, opts?: { beforeKeep?: () => void }): Promise<StoredBlob>;
  /**
   * Takes a finished local file (a completed upload) into the store; the file is gone afterwards.
   * `known`: its hash, size and first bytes, taken as it was written, so that it is not read again to hash it.
   */
  putFile(localPath: string, known?: StoredBlob | null): Promise<StoredBlob>;
  /** The content (or the range of it) as a stream, or null when it is missing. */
  open(sha256: string, range?: ByteRange): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
  /** Removes the content (nothing when it is not there). */
  remove(sha256: string): Promise<void>;
}

/** Where the content with this sha256 lives in a local store: DATA_DIR/files/<sha[0..2]>/<sha>. */
export function blobPath(dataDir: string, sha256: string): string {
  if (!SHA.test(sha256)) throw new Error('not a sha256');
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

/** Hashes a stream as it passes, keeping its size and first bytes. */
export function hashingTap() {
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
  return { tap, result: (): StoredBlob => ({ sha256: hash.digest('hex'), size, head: Buffer.concat(headParts) }) };
}

/** A local file's hash, size and first bytes, read once. */
export async function hashFile(localPath: string): Promise<StoredBlob> {
  const { tap, result } = hashingTap();
  await pipeline(fs.createReadStream(localPath), tap, new Writable({ write: (_c, _e, done) => done() }));
  return result();
}

/** The content-addressed store in DATA_DIR/files. */
export class LocalBlobStore implements BlobStore {
  constructor(readonly dataDir: string) {}

  pathOf(sha256: string): string {
    return blobPath(this.dataDir, sha256);
  }

  private async tmpFile(): Promise<string> {
    const tmpDir = path.join(this.dataDir, 'files', 'tmp');
    await fs.promises.mkdir(tmpDir, { recursive: true });
    return path.join(tmpDir, `${crypto.randomUUID()}.part`);
  }

  /** Moves a hashed temp file to its name, or drops it when that content is already there. */
  private async keep(tmp: string, blob: StoredBlob): Promise<void> {
    if (blob.size === 0) return fs.promises.rm(tmp, { force: true });
    const target = this.pathOf(blob.sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) await fs.promises.rm(tmp, { force: true });
    else await fs.promises.rename(tmp, target);
  }

  async put(input: Readable, opts: { beforeKeep?: () => void } = {}): Promise<StoredBlob> {
    const tmp = await this.tmpFile();
    const { tap, result } = hashingTap();
    try {
      await pipeline(input, tap, fs.createWriteStream(tmp, { flags: 'wx' }));
      opts.beforeKeep?.();
      const blob = result();
      await this.keep(tmp, blob);
      return blob;
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  async putFile(localPath: string, known?: StoredBlob | null): Promise<StoredBlob> {
    const blob = known ?? (await hashFile(localPath));
    // A rename within one file system; a copy when the upload sits on another one.
    const tmp = await this.tmpFile();
    try {
      await fs.promises.rename(localPath, tmp);
    } catch {
      await fs.promises.copyFile(localPath, tmp);
      await fs.promises.rm(localPath, { force: true });
    }
    await this.keep(tmp, blob);
    return blob;
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable | null> {
    const p = this.pathOf(sha256);
    if (!fs.existsSync(p)) return null;
    return fs.createReadStream(p, range ? { start: range.start, end: range.end } : {});
  }

  async has(sha256: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(sha256));
  }

  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }
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
