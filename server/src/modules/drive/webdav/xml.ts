import type { IncomingMessage } from 'node:http';
import { SaxesParser } from 'saxes';
import { AppError } from '../../../platform/errors.js';

/** The most a PROPFIND, PROPPATCH or LOCK body may be: a few properties, never a file. */
const MAX_XML_BYTES = 256 * 1024;

export const DAV = 'DAV:';

/** A property's name: its namespace and local name. */
export interface PropName {
  ns: string;
  local: string;
}

/** What a request's XML body asks, by where its elements stand: PROPFIND's prop / allprop / propname, PROPPATCH's set and remove. */
export interface DavBody {
  root: PropName | null;
  /** The properties named in `<prop>` (under `<set>` or `<remove>` in a PROPPATCH). */
  props: PropName[];
  allprop: boolean;
  propname: boolean;
  /** The text of a LOCK's `<owner>`, if any. */
  owner: string;
}

/** Reads a small XML body (bounded), or an empty one. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_XML_BYTES) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a WebDAV request body with namespaces; a body that is not well-formed XML is 400. */
export function parseDavBody(text: string): DavBody {
  const out: DavBody = { root: null, props: [], allprop: false, propname: false, owner: '' };
  if (!text.trim()) return out;
  const parser = new SaxesParser({ xmlns: true });
  const stack: PropName[] = [];
  parser.on('opentag', (tag) => {
    const name = { ns: tag.uri ?? '', local: tag.local ?? tag.name };
    const up = stack.at(-1);
    if (!stack.length) out.root = name;
    else if (up?.ns === DAV && up.local === 'prop' && stack.length <= 3) out.props.push(name);
    else if (up?.ns === DAV && up.local === 'propfind' && name.ns === DAV) {
      if (name.local === 'allprop') out.allprop = true;
      if (name.local === 'propname') out.propname = true;
    }
    stack.push(name);
  });
  parser.on('text', (text) => {
    if (stack.some((s) => s.ns === DAV && s.local === 'owner')) out.owner += text;
  });
  parser.on('closetag', () => void stack.pop());
  try {
    parser.write(text).close();
  } catch {
    throw new AppError(400, 'bad_request', 'error.validation');
  }
  return out;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A property as XML: DAV: ones with the `D:` prefix, others with their own namespace declared. */
export function propXml(p: PropName, inner = ''): string {
  if (p.ns === DAV) return inner ? `<D:${p.local}>${inner}</D:${p.local}>` : `<D:${p.local}/>`;
  const attr = p.ns ? ` xmlns:x="${esc(p.ns)}"` : '';
  const tag = p.ns ? `x:${p.local}` : p.local;
  return inner ? `<${tag}${attr}>${inner}</${tag}>` : `<${tag}${attr}/>`;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 403: 'Forbidden', 404: 'Not Found', 424: 'Failed Dependency' };
export const statusLine = (code: number) => `HTTP/1.1 ${code} ${STATUS_TEXT[code] ?? ''}`.trim();

/** One `<D:response>` of a multistatus: the address, and its properties grouped by status. */
export function responseXml(href: string, groups: { status: number; props: string[] }[]): string {
  const stats = groups
    .filter((g) => g.props.length)
    .map((g) => `<D:propstat><D:prop>${g.props.join('')}</D:prop><D:status>${statusLine(g.status)}</D:status></D:propstat>`)
    .join('');
  return `<D:response><D:href>${esc(href)}</D:href>${stats}</D:response>`;
}

export const multistatus = (responses: string[]) => `<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">${responses.join('')}</D:multistatus>`;
