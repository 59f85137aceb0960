import type { SearchKind } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { commentTexts } from '../comments/api.js';
import { readablePostsWhere } from './audience.js';
import { postUrl } from './signals.js';
import { idsAfter } from '../search/api.js';

/** The first words of a text, up to about 80 characters. */
function firstWords(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  let out = '';
  for (const w of words) {
    if (out && out.length + w.length + 1 > 80) return `${out}…`;
    out = out ? `${out} ${w}` : w;
  }
  return out.length > 80 ? `${out.slice(0, 79)}…` : out;
}

/** Posts of the news feed in the portal search, by their words and their comments: found by those they are for. */
export const feedSearchKind: SearchKind = {
  kind: 'feed.post',
  title: { ru: 'Новости', en: 'News feed' },
  module: 'feed',
  order: 20,
  entityType: 'feed_post',
  async documents(ctx, ids) {
    const rows = await scoped(ctx).selectFrom('feed_post').select(['id', 'title', 'text', 'author_id', 'created_at']).where('id', 'in', ids).execute();
    const comments = await commentTexts(ctx, 'feed_post', ids);
    return rows.map((r) => {
      const title = r.title?.trim() || '';
      // The stored text begins with the title; the body keeps the rest.
      const text = title && r.text.startsWith(title) ? r.text.slice(title.length).trim() : r.text;
      return {
        id: r.id,
        title: title || firstWords(r.text) || '—',
        subtitle: new Date(r.created_at).toLocaleDateString('ru-RU', { timeZone: 'UTC' }),
        body: [text, comments.get(r.id) ?? ''].filter(Boolean).join(' '),
        url: postUrl(r.id),
        authorId: r.author_id,
        date: r.created_at,
      };
    });
  },
  ids: idsAfter('feed_post'),
  // The feed's own rule (`visiblePostIds`), in the query.
  readable: (ctx) => readablePostsWhere(ctx),
};
