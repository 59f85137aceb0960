import sanitizeHtml from 'sanitize-html';
import { isPortalFileSrc, isSafeHref, RICH_TEXT_ATTRS, RICH_TEXT_SCHEMES, RICH_TEXT_TAGS } from '@vavilon/contracts';

const SPAN = /^[1-9]\d?$/;

const cell: sanitizeHtml.Transformer = (tagName, attribs) => {
  const kept: sanitizeHtml.Attributes = {};
  for (const a of ['colspan', 'rowspan'] as const) if (SPAN.test(attribs[a] ?? '') && attribs[a] !== '1') kept[a] = attribs[a]!;
  return { tagName, attribs: kept };
};

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: RICH_TEXT_TAGS,
  allowedAttributes: RICH_TEXT_ATTRS,
  allowedSchemes: RICH_TEXT_SCHEMES,
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Scripts, styles and the like go with their content, not only their tags.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'svg', 'math', 'template'],
  transformTags: {
    // A mention carries a user id and nothing else.
    span: (tagName, attribs) => {
      const id = attribs['data-mention'] ?? '';
      const kept: sanitizeHtml.Attributes = /^\d{1,10}$/.test(id) ? { 'data-mention': id } : {};
      return { tagName, attribs: kept };
    },
    // Links open apart from the portal and tell the other site nothing about it.
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href ?? '';
      if (!isSafeHref(href)) return { tagName, attribs: {} };
      return { tagName, attribs: href.startsWith('/') ? { href } : { href, target: '_blank', rel: 'noopener noreferrer nofollow' } };
    },
    // Images are the portal's own files only: an outside address would tell another server who reads the text.
    img: (tagName, attribs): sanitizeHtml.Tag => {
      const src = attribs.src ?? '';
      if (!isPortalFileSrc(src)) return { tagName, attribs: {} };
      return { tagName, attribs: attribs.alt ? { src, alt: attribs.alt.slice(0, 300) } : { src } };
    },
    th: cell,
    td: cell,
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** Rich text as the server keeps it (comments, task descriptions, posts): only the formatting the editor produces, no scripts, styles or outside images. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, ALLOWED).trim();
}

/** The words of rich text, for search, notifications and emptiness checks. */
export function plainText(html: string): string {
  // Blocks and cells are words apart even when no space separates their tags.
  const spaced = html.replace(/<\/(?:p|li|h[1-6]|td|th|tr|blockquote|pre|div)>|<br\s*\/?>|<hr\s*\/?>/gi, '$& ');
  return sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The user ids a text mentions (`<span data-mention="7">`). */
export function mentionsIn(html: string): number[] {
  return [...html.matchAll(/data-mention="(\d{1,10})"/g)].map((m) => Number(m[1]));
}
