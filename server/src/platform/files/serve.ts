import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errors } from '../errors.js';
import { contentDisposition, INLINE_TYPES, type BlobStore, type ByteRange } from './store.js';

/** What is sent: a stored content under a name and a type. */
export interface ServedFile {
  sha256: string;
  size: number;
  mime: string;
  name: string;
}

/**
 * The one range of a `Range: bytes=…` header (a first-last, first- or -suffix form), `undefined`
 * when the header asks for none or for several (the whole content is sent then), `null` when it
 * lies outside the content (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return null;
  return { start, end };
}

/**
 * Sends stored content as the portal sends every file: streamed, with its length and an ETag, a
 * single byte range when asked (resumed and seeking downloads), `nosniff`, and inline only for raster
 * images (and PDF when `inlinePdf`): HTML, SVG and the rest always download, never render on the portal's origin.
 */
export async function sendStored(req: FastifyRequest, reply: FastifyReply, blobs: BlobStore, file: ServedFile, opts: { inline?: boolean; inlinePdf?: boolean } = {}) {
  const inline = !!opts.inline && (INLINE_TYPES.has(file.mime) || (!!opts.inlinePdf && file.mime === 'application/pdf'));
  const etag = `"${file.sha256}"`;
  reply
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('content-type', inline ? file.mime : file.mime === 'text/html' || file.mime === 'image/svg+xml' ? 'application/octet-stream' : file.mime)
    .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', inline && file.mime === 'application/pdf' ? "default-src 'none'; object-src 'self'" : "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-cache');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== etag ? undefined : parseRange(req.headers.range, file.size);
  if (range === null) {
    reply.header('content-range', `bytes */${file.size}`);
    throw new AppError(416, 'range_not_satisfiable', 'error.range');
  }
  const stream = await blobs.open(file.sha256, range);
  if (!stream) throw errors.notFound();
  if (range) {
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
      .header('content-length', String(range.end - range.start + 1))
      .send(stream);
  }
  return reply.header('content-length', String(file.size)).send(stream);
}
