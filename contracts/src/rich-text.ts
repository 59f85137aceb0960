/**
 * What rich text (comments, task descriptions, posts) may hold, shared by the server's sanitiser
 * and the web's display so that both keep exactly the editor's formatting and nothing else.
 */
export const RICH_TEXT_TAGS = [
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'code',
  'pre',
  'span',
  'h2',
  'h3',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'img',
];

/** Attributes kept, each only on its tags: links' address, mentions' user id, cells' spans, images' source and text. */
export const RICH_TEXT_ATTRS: Record<string, string[]> = {
  a: ['href', 'target', 'rel'],
  span: ['data-mention'],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
  img: ['src', 'alt'],
};

/** Link schemes a text may point to; anything else (javascript:, data:, vbscript:) is dropped. */
export const RICH_TEXT_SCHEMES = ['http', 'https', 'mailto'];

/** An image's address in rich text: a file of the portal itself (`/api/files/7`, in path form with `?portal=name`), never an outside server. */
export const PORTAL_FILE_SRC = /^\/api\/files\/(\d{1,10})(?:\?portal=[a-z0-9][a-z0-9-]{0,62})?$/;

export function isPortalFileSrc(src: string): boolean {
  return PORTAL_FILE_SRC.test(src);
}

/** A link address allowed in rich text: http(s) or mailto, or an address inside the portal (`/crm/...`, not `//host`). */
export function isSafeHref(href: string): boolean {
  const h = href.trim();
  if (/^\/(?![/\\])/.test(h)) return true;
  const m = h.match(/^([a-z][a-z0-9+.-]*):/i);
  return !!m && RICH_TEXT_SCHEMES.includes(m[1]!.toLowerCase());
}

/** The portal files shown as images in a text (their ids), so that they are attached where the text lives. */
export function imageFileIds(html: string): number[] {
  const ids = [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/gi)].flatMap((m) => {
    const hit = (m[1] ?? '').replace(/&amp;/g, '&').match(PORTAL_FILE_SRC);
    return hit ? [Number(hit[1])] : [];
  });
  return [...new Set(ids)];
}
