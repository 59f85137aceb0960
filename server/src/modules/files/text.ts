import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Ctx } from '../../platform/context.js';
import type { BlobStore } from '../../platform/files/store.js';
import { AppError, errors } from '../../platform/errors.js';

/** How much of a text file the viewer shows; the rest is downloaded. */
export const TEXT_VIEW_BYTES = 256 * 1024;
/** How much is read to tell text from binary. */
const SNIFF_BYTES = 64 * 1024;

/** Names of text and code files whose content may be in a legacy encoding (Windows-1251 for Russian). */
const TEXT_EXTENSIONS = new Set(
  (
    'txt text log md markdown csv tsv json jsonl xml yaml yml toml ini cfg conf properties env sql ' +
    'js mjs cjs ts tsx jsx vue svelte css scss less html htm svg py rb php pl java kt kts scala go rs c h cpp hpp cc cs swift m ' +
    'sh bash zsh bat cmd ps1 lua r dart ex exs erl hs clj groovy gradle makefile dockerfile tex rst srt vtt diff patch'
  ).split(' '),
);

export const notText = () => new AppError(415, 'not_text', 'files.not_text');

const extensionOf = (name: string) => {
  const ext = path.extname(name).slice(1).toLowerCase();
  return ext || name.toLowerCase();
};

async function readHead(stream: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  stream.destroy();
  return Buffer.concat(parts).subarray(0, limit);
}

/** Whether bytes are UTF-8 throughout; a character cut at their end does not count against them. */
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The beginning of a text file for the viewer, as a string. Text is told by content (UTF-8 without
 * NUL in its first 64 KB), or by a text or code name with no NUL (read as Windows-1251 when it is
 * not UTF-8); a file the upload recognised as an image, PDF or archive is never text.
 */
export function textOf(ctx: Ctx, file: { sha256: string; size: number; mime: string; name: string }): Promise<{ text: string; truncated: boolean }> {
  return textOfContent(ctx.sys.blobs, file, TEXT_VIEW_BYTES);
}

/** The same for the first `limit` bytes of a content, read from `blobs` (a job has no request). */
export async function textOfContent(blobs: BlobStore, file: { sha256: string; size: number; mime: string; name: string }, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (file.mime !== 'application/octet-stream') throw notText();
  const end = Math.min(file.size, limit) - 1;
  const stream = end >= 0 ? await blobs.open(file.sha256, { start: 0, end }) : null;
  if (!stream) throw errors.notFound();
  const head = await readHead(stream, limit);
  const sniff = head.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) throw notText();
  const utf8 = isUtf8(sniff);
  if (!utf8 && !TEXT_EXTENSIONS.has(extensionOf(file.name))) throw notText();
  // `stream: true` leaves out a character the cut at `limit` split in two.
  const text = new TextDecoder(utf8 ? 'utf-8' : 'windows-1251').decode(head, { stream: true });
  return { text, truncated: file.size > head.length };
}
