import { commentsEvents, feedEvents } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import { defineNotificationRules, type NotificationDraft, type ProfileLink } from '../../platform/registry/registry.js';
import { actorsFor, userRefs } from '../users/api.js';
import { visiblePostIds } from './audience.js';
import { json } from './rows.js';
import { plainText } from '../../platform/rich-text.js';

export const postUrl = (id: number) => `/stream?post=${id}`;

const snippet = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);

/** Drafts for those of `userIds` (not the actor) who may read the post, each in their language. */
async function toReaders(ctx: Ctx, postId: number, userIds: number[], kind: string, key: MessageKey, name: string, body: string): Promise<NotificationDraft[]> {
  const actors = await actorsFor(ctx, [...new Set(userIds)]);
  const out: NotificationDraft[] = [];
  for (const actor of actors.values()) {
    if (!(await visiblePostIds({ ...ctx, actor, lang: actor.language }, [postId])).includes(postId)) continue;
    out.push({ userId: actor.userId, kind, title: t(actor.language, key, { name }), body, url: postUrl(postId) });
  }
  return out;
}

type Ev = typeof feedEvents.postCreated | typeof commentsEvents.commentCreated;

async function build(ctx: Ctx, e: DomainEvent<Ev>): Promise<NotificationDraft[]> {
  if (e.type === 'feed.post.created') {
    const id = Number(e.entityId);
    const row = await scoped(ctx).selectFrom('feed_post').select(['author_id', 'mentions', 'thanks', 'text', 'kind', 'source']).where('id', '=', id).executeTakeFirst();
    if (!row || row.source || row.author_id === null) return [];
    const author = row.author_id;
    const name = (await userRefs(ctx, [author])).get(author)?.fullName ?? '';
    const body = snippet(row.text);
    const others = (ids: number[]) => ids.filter((u) => u !== author);
    const thanked = others(json<{ userIds: number[] } | null>(row.thanks, null)?.userIds ?? []);
    const personal = others(e.payload.audience.filter((k) => k[0] === 'U').map((k) => Number(k.slice(1)))).filter((u) => !thanked.includes(u));
    const mentioned = others(json<number[]>(row.mentions, [])).filter((u) => !thanked.includes(u) && !personal.includes(u));
    return [
      ...(await toReaders(ctx, id, thanked, 'feed.thanks', 'feed.notify.thanks', name, body)),
      ...(await toReaders(ctx, id, personal, 'feed.personal', row.kind === 'important' ? 'feed.notify.important' : 'feed.notify.personal', name, body)),
      ...(await toReaders(ctx, id, mentioned, 'feed.mention', 'feed.notify.mention', name, body)),
    ];
  }
  if (e.type === 'comments.comment.created' && e.payload.itemType === 'feed_post' && e.payload.authorId !== null) {
    const postId = e.payload.itemId;
    const commenter = e.payload.authorId;
    const post = await scoped(ctx).selectFrom('feed_post').select('author_id').where('id', '=', postId).executeTakeFirst();
    if (!post) return [];
    const earlier = await scoped(ctx)
      .selectFrom('comment')
      .select('author_id')
      .distinct()
      .where('entity_type', '=', 'feed_post')
      .where('entity_id', '=', postId)
      .where('id', '<', Number(e.entityId))
      .execute();
    // The mentioned are told by the comments themselves.
    const skip = new Set([commenter, ...e.payload.mentions]);
    const mine = post.author_id !== null && !skip.has(post.author_id) ? [post.author_id] : [];
    const thread = earlier.map((r) => r.author_id).filter((u): u is number => u !== null && !skip.has(u) && u !== post.author_id);
    const name = (await userRefs(ctx, [commenter])).get(commenter)?.fullName ?? '';
    const row = await scoped(ctx).selectFrom('comment').select('html').where('id', '=', Number(e.entityId)).executeTakeFirst();
    const body = snippet(plainText(row?.html ?? ''));
    return [
      ...(await toReaders(ctx, postId, mine, 'feed.comment', 'feed.notify.comment_mine', name, body)),
      ...(await toReaders(ctx, postId, thread, 'feed.comment', 'feed.notify.comment_thread', name, body)),
    ];
  }
  return [];
}

/** A thanks, a personal or important post, a mention; a comment on the reader's post or on one they commented. */
export const feedNotificationRules = defineNotificationRules({ events: [feedEvents.postCreated, commentsEvents.commentCreated], build });

/** «Благодарности» on a profile: the thanks that person received. */
export const thanksProfileLink: ProfileLink = {
  id: 'feed.thanks',
  title: { ru: 'Благодарности', en: 'Thanks' },
  url: (userId) => `/stream/thanks/${userId}`,
};
