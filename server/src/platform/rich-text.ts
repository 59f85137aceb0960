import sanitizeHtml from 'sanitize-html';

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'span'],
  allowedAttributes: { a: ['href'], span: ['data-mention'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // A mention carries a user id and nothing else.
    span: (tagName, attribs) => {
      const id = attribs['data-mention'] ?? '';
      const kept: sanitizeHtml.Attributes = /^\d{1,10}$/.test(id) ? { 'data-mention': id } : {};
      return { tagName, attribs: kept };
    },
  },
};

/** Rich text as the server keeps it (comments, task descriptions): only the formatting the editor produces, no scripts or styles. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, ALLOWED).trim();
}

/** The words of rich text, for search, notifications and emptiness checks. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
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
