import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { DavNode } from './namespace.js';
import { DAV, esc, propXml, responseXml, type PropName } from './xml.js';

/** The live properties every place has, in the order `allprop` lists them. */
const LIVE = ['displayname', 'resourcetype', 'getcontentlength', 'getcontenttype', 'getlastmodified', 'creationdate', 'getetag', 'supportedlock', 'lockdiscovery'];

const isFolder = (n: DavNode) => n.type !== 'item' || n.item.kind === 'folder';

/** A place's entity tag: a file's content hash (as its download sends it), a folder's last change. */
export function etagOf(n: DavNode, sha256: string | undefined): string | null {
  if (n.type !== 'item') return null;
  if (n.item.kind === 'file') return sha256 ? `"${sha256}"` : null;
  return `"f${n.item.id}-${Date.parse(n.item.updated_at)}"`;
}

function value(n: DavNode, local: string, sha256: string | undefined): string | null {
  const item = n.type === 'item' ? n.item : null;
  switch (local) {
    case 'displayname':
      return esc(n.name);
    case 'resourcetype':
      return isFolder(n) ? '<D:collection/>' : '';
    case 'getcontentlength':
      return item?.kind === 'file' ? String(Number(item.size)) : null;
    case 'getcontenttype':
      return item?.kind === 'file' ? esc(item.mime ?? 'application/octet-stream') : null;
    case 'getlastmodified':
      return item ? new Date(item.updated_at).toUTCString() : null;
    case 'creationdate':
      return item ? new Date(item.created_at).toISOString() : null;
    case 'getetag': {
      const tag = etagOf(n, sha256);
      return tag ? esc(tag) : null;
    }
    case 'supportedlock':
      return '<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>';
    case 'lockdiscovery':
      return '';
    default:
      return null;
  }
}

/** The content hashes of the files among the nodes (their ETags), in one query. */
export async function hashesOf(ctx: Ctx, nodes: DavNode[]): Promise<Map<number, string>> {
  const ids = [...new Set(nodes.flatMap((n) => (n.type === 'item' && n.item.file_id ? [n.item.file_id] : [])))];
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await scoped(ctx)
      .selectFrom('file')
      .select(['id', 'sha256'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.sha256);
  }
  return out;
}

/** A node's `<D:response>` for PROPFIND: the properties asked (all live ones for `allprop`), unknown ones as 404. */
export function propfindResponse(href: string, n: DavNode, asked: { props: PropName[]; propname: boolean } | null, hashes: Map<number, string>): string {
  const sha = n.type === 'item' && n.item.file_id ? hashes.get(n.item.file_id) : undefined;
  if (asked?.propname) return responseXml(href, [{ status: 200, props: LIVE.filter((l) => value(n, l, sha) !== null).map((l) => `<D:${l}/>`) }]);
  const found: string[] = [];
  const missing: string[] = [];
  const wanted = asked?.props.length ? asked.props : LIVE.map((local) => ({ ns: DAV, local }));
  for (const p of wanted) {
    const v = p.ns === DAV ? value(n, p.local, sha) : null;
    if (v === null) missing.push(propXml(p));
    else found.push(propXml(p, v));
  }
  return responseXml(href, [
    { status: 200, props: found },
    { status: 404, props: asked?.props.length ? missing : [] },
  ]);
}
