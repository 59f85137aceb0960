import { isPortalFileSrc, isSafeHref, RICH_TEXT_ATTRS, RICH_TEXT_TAGS } from '@vavilon/contracts';
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';

/** The tags a comment may hold; mentions are `<span data-mention="<user id>">@Name</span>`. */
export const COMMENT_TAGS = RICH_TEXT_TAGS;
export const COMMENT_ATTRS = [...new Set(Object.values(RICH_TEXT_ATTRS).flat())];

/** A typed link address as it is kept: `example.com` becomes `https://example.com`, `a@b.ru` a mailto. */
export function normalizeHref(raw: string): string {
  const h = raw.trim();
  if (!h || /^[a-z][a-z0-9+.-]*:/i.test(h) || h.startsWith('/')) return h;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(h)) return `mailto:${h}`;
  return `https://${h}`;
}

let purifier: Purifier | null = null;

/** A DOMPurify of its own (hooks of the shared one would change other pages): the shared tag list, links and images checked. */
function richPurifier(): Purifier {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('uponSanitizeAttribute', (node, data) => {
    const tag = node.nodeName.toLowerCase();
    const allowed = RICH_TEXT_ATTRS[tag] ?? [];
    if (!allowed.includes(data.attrName)) data.keepAttr = false;
    else if (tag === 'a' && data.attrName === 'href' && !isSafeHref(data.attrValue)) data.keepAttr = false;
    else if (tag === 'img' && data.attrName === 'src' && !isPortalFileSrc(data.attrValue)) data.keepAttr = false;
    else if (data.attrName === 'data-mention' && !/^\d{1,10}$/.test(data.attrValue)) data.keepAttr = false;
    else if ((data.attrName === 'colspan' || data.attrName === 'rowspan') && !/^[1-9]\d?$/.test(data.attrValue)) data.keepAttr = false;
    // The shared list already passed the address; DOMPurify's own URI test would refuse the relative ones.
    if (data.keepAttr && (data.attrName === 'href' || data.attrName === 'src')) data.forceKeepAttr = true;
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'IMG' && !node.getAttribute('src')) node.remove();
    if (node.nodeName === 'A' && /^(https?|mailto):/i.test(node.getAttribute('href') ?? '')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  purifier = p;
  return p;
}

/** Rich text made safe for showing and sending: only the editor's formatting, images of the portal's files, safe links. */
export function sanitizeRichHtml(html: string): string {
  return richPurifier().sanitize(html, { ALLOWED_TAGS: COMMENT_TAGS, ALLOWED_ATTR: COMMENT_ATTRS, ALLOW_DATA_ATTR: false });
}
