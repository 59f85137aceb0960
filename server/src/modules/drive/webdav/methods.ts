import crypto from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DriveItem } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { AppError, errors } from '../../../platform/errors.js';
import { sendStored } from '../../../platform/files/serve.js';
import { checkQuota, formatBytes } from '../quota.js';
import * as drive from '../service.js';
import { storageRow } from '../storages.js';
import { checkName } from '../tree.js';
import { putFile, versionFile } from '../versions.js';
import { resolve, rootEntries, sharedEntries, writableFolder, type DavNode, type ResolvedNode } from './namespace.js';
import { hashesOf, propfindResponse } from './props.js';
import { esc, multistatus, parseDavBody, propXml, readBody, responseXml } from './xml.js';

/** One WebDAV request, authenticated: who, where the namespace starts (`/dav` or `/p/<portal>/dav`), and the decoded segments. */
export interface DavRequest {
  req: FastifyRequest;
  reply: FastifyReply;
  ctx: Ctx;
  base: string;
  segments: string[];
  maxFileBytes: number;
}

export const ALLOW = 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK';
const XML = 'application/xml; charset=utf-8';
const LOCK_SECONDS = 3600;

const isFolder = (n: DavNode) => n.type !== 'item' || n.item.kind === 'folder';
export const hrefOf = (base: string, segments: string[], folder: boolean) => `${base}/${segments.map((s) => encodeURIComponent(s)).join('/')}${folder && segments.length ? '/' : ''}`;

const methodNotAllowed = () => new AppError(405, 'method_not_allowed', 'error.forbidden');

/** The place must be a drive item the actor may change (not the root, «Общие со мной» or a drive's own root folder). */
function changeable(n: ResolvedNode | null) {
  if (!n) throw errors.notFound();
  if (n.type !== 'item' || n.top) throw errors.forbidden();
  if (n.item.right === 'read') throw errors.forbidden();
  return n.item;
}

/** A listed item as the network folder shows it. */
const listed = (i: DriveItem): DavNode => ({
  type: 'item',
  name: i.name,
  top: false,
  item: { id: i.id, parent_id: i.parentId, kind: i.kind, name: i.name, size: i.size, mime: i.mime, file_id: i.fileId, created_at: i.createdAt, updated_at: i.updatedAt, right: i.right },
});

async function childrenOf(ctx: Ctx, n: ResolvedNode): Promise<DavNode[]> {
  if (n.type === 'root') return rootEntries(ctx);
  if (n.type === 'shared') return sharedEntries(ctx);
  if (n.item.kind !== 'folder') return [];
  const out: DavNode[] = [];
  let cursor: string | undefined;
  do {
    const page = await drive.listFolder(ctx, n.item.id, { sort: 'name', dir: 'asc', limit: 200, cursor });
    out.push(...page.items.map(listed));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

export async function options({ reply }: DavRequest) {
  return reply.code(200).header('allow', ALLOW).header('content-length', '0').send();
}

export async function propfind({ req, reply, ctx, base, segments }: DavRequest) {
  const depth = String(req.headers.depth ?? 'infinity').toLowerCase();
  const body = parseDavBody(await readBody(req.raw));
  if (depth !== '0' && depth !== '1') {
    return reply.code(403).type(XML).send('<?xml version="1.0" encoding="utf-8"?>\n<D:error xmlns:D="DAV:"><D:propfind-finite-depth/></D:error>');
  }
  const { node } = await resolve(ctx, segments);
  if (!node) throw errors.notFound();
  const entries: { href: string; node: DavNode }[] = [{ href: hrefOf(base, segments, isFolder(node)), node }];
  if (depth === '1' && isFolder(node)) {
    for (const child of await childrenOf(ctx, node)) entries.push({ href: hrefOf(base, [...segments, child.name], isFolder(child)), node: child });
  }
  const hashes = await hashesOf(
    ctx,
    entries.map((e) => e.node),
  );
  const asked = body.allprop ? null : body;
  return reply
    .code(207)
    .type(XML)
    .send(multistatus(entries.map((e) => propfindResponse(e.href, e.node, asked, hashes))));
}

/** Properties are the drive's own: a change to them (Windows sets its file times) is answered as done and not kept. */
export async function proppatch({ req, reply, ctx, base, segments }: DavRequest) {
  const body = parseDavBody(await readBody(req.raw));
  const { node } = await resolve(ctx, segments);
  if (!node) throw errors.notFound();
  const writable = node.type === 'item' && node.item.right !== 'read';
  const props = body.props.map((p) => propXml(p));
  return reply
    .code(207)
    .type(XML)
    .send(multistatus([responseXml(hrefOf(base, segments, isFolder(node)), [{ status: writable ? 200 : 403, props }])]));
}

export async function get({ req, reply, ctx, segments }: DavRequest) {
  const { node } = await resolve(ctx, segments);
  if (!node) throw errors.notFound();
  if (node.type !== 'item' || node.item.kind === 'folder') {
    // A folder opened in a browser: its names as plain text, never as a page of the portal's origin.
    const names = (await childrenOf(ctx, node)).map((c) => c.name + (isFolder(c) ? '/' : ''));
    return reply
      .code(200)
      .type('text/plain; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .send(names.join('\n') + '\n');
  }
  const file = await versionFile(ctx, node.item);
  if (file.size === 0) {
    // Nothing is stored for an empty content.
    return reply.code(200).header('etag', `"${file.sha256}"`).header('content-type', file.mime).header('content-length', '0').send('');
  }
  return sendStored(req, reply, ctx.sys.blobs, file);
}

/**
 * Counts the bytes of a PUT as they stream: past the largest file it stops at once; at the end the
 * quota is asked for the size now known, and a refusal drops the content before the store keeps it.
 */
function limited(d: DavRequest, storageId: number) {
  const { ctx, maxFileBytes } = d;
  let size = 0;
  let refusal: unknown = null;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxFileBytes) return done(new AppError(413, 'payload_too_large', 'drive.too_large', { size: formatBytes(ctx.lang, maxFileBytes) }));
      done(null, chunk);
    },
    flush(done) {
      storageRow(ctx, storageId)
        .then((storage) => checkQuota(ctx, storage!, size))
        .catch((err: unknown) => {
          refusal = err;
        })
        .finally(() => done());
    },
  });
  // The store's pipeline reports a failure; the request's pipe must not throw it a second time.
  counter.on('error', () => {});
  return {
    counter,
    beforeKeep: () => {
      if (refusal) throw refusal;
    },
  };
}

/** PUT: a new file, or a new version of the file of that name (the history keeps the old content). */
export async function put(d: DavRequest) {
  const { req, reply, ctx, segments } = d;
  const r = await resolve(ctx, segments);
  if (r.node && isFolder(r.node)) throw methodNotAllowed();
  if (r.node && req.headers['if-none-match'] === '*') throw new AppError(412, 'precondition_failed', 'drive.name_taken', { name: r.node.name });
  if (r.node) changeable(r.node);
  const folder = writableFolder(r.parent);
  const name = r.node?.type === 'item' ? r.node.item.name : checkName(r.name);
  const storage = (await storageRow(ctx, folder.storage_id))!;
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && Number.isFinite(declared)) {
    if (declared > d.maxFileBytes) throw new AppError(413, 'payload_too_large', 'drive.too_large', { size: formatBytes(ctx.lang, d.maxFileBytes) });
    if (declared > 0) await checkQuota(ctx, storage, declared);
  }
  const { counter, beforeKeep } = limited(d, storage.id);
  req.raw.on('error', (err) => counter.destroy(err));
  req.raw.pipe(counter);
  const blob = await ctx.sys.blobs.put(counter, { beforeKeep });
  await putFile(ctx, folder, name, blob, 'version');
  return reply
    .code(r.node ? 204 : 201)
    .header('etag', `"${blob.sha256}"`)
    .send();
}

export async function mkcol({ req, reply, ctx, segments }: DavRequest) {
  if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding']) throw new AppError(415, 'unsupported_media_type', 'error.validation');
  const r = await resolve(ctx, segments);
  if (r.node) throw methodNotAllowed();
  const parent = writableFolder(r.parent);
  await drive.createFolder(ctx, parent.id, r.name);
  return reply.code(201).send();
}

/** DELETE: to the drive's trash, with everything inside; restored from there for 30 days. */
export async function del({ reply, ctx, segments }: DavRequest) {
  const { node } = await resolve(ctx, segments);
  const item = changeable(node);
  await drive.trash(ctx, [item.id]);
  return reply.code(204).send();
}

/** The segments of a Destination header, which must address the same namespace (the same portal) on the same host. */
function destinationSegments(d: DavRequest, header: string | undefined): string[] {
  if (!header) throw new AppError(400, 'bad_request', 'error.validation');
  let url: URL;
  try {
    url = new URL(header, `http://${d.req.headers.host ?? 'localhost'}`);
  } catch {
    throw new AppError(400, 'bad_request', 'error.validation');
  }
  if (url.host !== (d.req.headers.host ?? 'localhost')) throw new AppError(502, 'bad_gateway', 'error.forbidden');
  const parts = splitPath(url.pathname);
  const base = splitPath(d.base);
  if (!parts || !base || base.some((b, i) => parts[i] !== b)) throw new AppError(502, 'bad_gateway', 'error.forbidden');
  return parts.slice(base.length);
}

/** A path's decoded segments (empty ones dropped), or null when an escape is malformed or a segment is «.» or «..». */
export function splitPath(path: string): string[] | null {
  const out: string[] = [];
  for (const raw of path.split('/')) {
    if (!raw) continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '.' || seg === '..') return null;
    out.push(seg.normalize('NFC'));
  }
  return out;
}

/** COPY and MOVE: into a folder the actor may change, under the name the destination gives; Overwrite: F refuses a taken name (412), T sends what was there to the trash. */
export async function copyOrMove(d: DavRequest, op: 'copy' | 'move') {
  const { req, reply, ctx, segments } = d;
  const src = await resolve(ctx, segments);
  if (!src.node) throw errors.notFound();
  if (src.node.type !== 'item' || src.node.top) throw errors.forbidden();
  const item = op === 'move' ? changeable(src.node) : src.node.item;
  const dest = await resolve(ctx, destinationSegments(d, req.headers.destination as string | undefined));
  const overwrite = String(req.headers.overwrite ?? 'T').toUpperCase() !== 'F';
  if (dest.node?.type === 'item' && dest.node.item.id === item.id) throw errors.forbidden();
  if (dest.node && dest.node.type !== 'item') throw errors.forbidden();
  if (dest.node && !overwrite) throw new AppError(412, 'precondition_failed', 'drive.name_taken', { name: dest.node.name });
  if (dest.node?.type === 'item') changeable(dest.node);
  const target = writableFolder(dest.parent);
  const name = checkName(dest.name);
  const conflict = overwrite ? 'replace' : 'fail';
  // Into the folder first under a free name (nothing there is touched), then to the name asked.
  let placed: DriveItem;
  if (op === 'move' && item.parent_id === target.id) placed = await drive.rename(ctx, item.id, name, conflict);
  else {
    [placed] = op === 'move' ? await drive.move(ctx, [item.id], target.id, 'keep-both') : await drive.copy(ctx, [item.id], target.id, 'keep-both');
    if (placed!.name !== name) placed = await drive.rename(ctx, placed!.id, name, conflict);
  }
  return reply.code(dest.node ? 204 : 201).send();
}

/**
 * LOCK: granted as an exclusive write lock, for a file manager that will not write without one
 * (Windows, macOS, Office). Locks are advisory: not kept or enforced; a concurrent write is a new
 * version, so nothing is lost. An address with nothing there gets an empty file, as WebDAV asks.
 */
export async function lock({ req, reply, ctx, base, segments }: DavRequest) {
  const body = parseDavBody(await readBody(req.raw));
  const r = await resolve(ctx, segments);
  let created = false;
  if (r.node) {
    if (r.node.type !== 'item' || r.node.item.right === 'read') throw errors.forbidden();
  } else {
    const folder = writableFolder(r.parent);
    const name = checkName(r.name);
    await putFile(ctx, folder, name, await ctx.sys.blobs.put(Readable.from([])), 'version');
    created = true;
  }
  const sent = /<(opaquelocktoken:[^>]+)>/.exec(String(req.headers.if ?? ''))?.[1];
  const token = sent ?? `opaquelocktoken:${crypto.randomUUID()}`;
  const depth = String(req.headers.depth ?? 'infinity') === '0' ? '0' : 'infinity';
  const href = hrefOf(base, segments, !!r.node && isFolder(r.node));
  const xml =
    '<?xml version="1.0" encoding="utf-8"?>\n<D:prop xmlns:D="DAV:"><D:lockdiscovery><D:activelock>' +
    '<D:locktype><D:write/></D:locktype><D:lockscope><D:exclusive/></D:lockscope>' +
    `<D:depth>${depth}</D:depth>${body.owner ? `<D:owner>${esc(body.owner.trim())}</D:owner>` : ''}<D:timeout>Second-${LOCK_SECONDS}</D:timeout>` +
    `<D:locktoken><D:href>${esc(token)}</D:href></D:locktoken><D:lockroot><D:href>${esc(href)}</D:href></D:lockroot>` +
    '</D:activelock></D:lockdiscovery></D:prop>';
  return reply
    .code(created ? 201 : 200)
    .header('lock-token', `<${token}>`)
    .type(XML)
    .send(xml);
}

export async function unlock({ reply, ctx, segments }: DavRequest) {
  const { node } = await resolve(ctx, segments);
  if (!node) throw errors.notFound();
  return reply.code(204).send();
}
