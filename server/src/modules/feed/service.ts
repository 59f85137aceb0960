import { feedEvents, imageFileIds, type FeedPost, type FeedPostInput, type FeedPostUpdate, type FeedViewers, type ImportantReaders, type ThanksBadge, type ThanksList } from '@vavilon/contracts';
import { FeedPostInput as InputSchema, FeedPostUpdate as UpdateSchema } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { mentionsIn, plainText, sanitizeRichText } from '../../platform/rich-text.js';
import { deleteCommentsOf } from '../comments/api.js';
import { fileInfos, ownFileIds, removeFileLinks, setFileLinks } from '../files/api.js';
import { activeUserIds, existingUserIds, userRefs } from '../users/api.js';
import { audienceKeys, audienceMembers, visiblePostIds } from './audience.js';
import { deleteReactionsOf } from '../reactions/api.js';
import { toPosts } from './page.js';
import { json, POST_COLUMNS, type PostRow } from './rows.js';

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const IMAGE_MAX = 10 * 1024 * 1024;

const me = (ctx: Ctx): number => {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
};

interface Prepared {
  html: string;
  text: string;
  mentions: number[];
  files: number[];
}

/**
 * Sanitises the text and checks what it names: mentions of active employees, files the author
 * uploaded (or the post already has), pictures in the text that are images of at most 10 MB.
 */
async function prepareText(ctx: Ctx, input: { html: string; mentions?: number[]; fileIds?: number[] }, kept: number[], allowEmpty: boolean): Promise<Prepared> {
  const html = sanitizeRichText(input.html);
  const text = plainText(html);
  const fields: FieldError[] = [];
  if (!allowEmpty && !text && !mentionsIn(html).length && !imageFileIds(html).length) fields.push({ field: 'html', message: 'feed.empty' });
  const given = input.mentions ?? [];
  const wanted = [...new Set([...given, ...mentionsIn(html)])];
  const active = await activeUserIds(ctx, wanted);
  given.forEach((id, i) => {
    if (!active.has(id)) fields.push({ field: `mentions.${i}`, message: 'feed.mention_invalid' });
  });
  const fileIds = input.fileIds === undefined ? kept : [...new Set(input.fileIds)];
  const images = imageFileIds(html).filter((f) => !fileIds.includes(f));
  const all = [...fileIds, ...images];
  const [own, infos] = await Promise.all([
    ownFileIds(
      ctx,
      all.filter((f) => !kept.includes(f)),
    ),
    fileInfos(ctx, all),
  ]);
  const usable = (f: number) => infos.has(f) && (kept.includes(f) || own.has(f));
  (input.fileIds ?? []).forEach((f, i) => {
    if (!usable(f)) fields.push({ field: `fileIds.${i}`, message: 'feed.file_invalid' });
  });
  for (const f of images) {
    const info = infos.get(f);
    if (!usable(f) || !info || !IMAGE_TYPES.has(info.mime) || info.size > IMAGE_MAX) {
      fields.push({ field: 'html', message: 'feed.image_invalid' });
      break;
    }
  }
  if (fields.length) throw errors.validation(fields);
  return { html, text, mentions: wanted.filter((id) => active.has(id)), files: all };
}

async function writeAudience(ctx: Ctx, postId: number, keys: string[], kind: string, source: boolean): Promise<void> {
  await scoped(ctx).deleteFrom('feed_audience').where('post_id', '=', postId).execute();
  await scoped(ctx)
    .insertInto(
      'feed_audience',
      keys.map((key) => ({ post_id: postId, key, kind, source: source ? 1 : 0 })),
    )
    .execute();
}

/** Publishes a post of the actor's: a message, an important message, a poll or a thanks, to the audience chosen. */
export async function createPost(ctx: Ctx, raw: FeedPostInput): Promise<FeedPost> {
  const input = InputSchema.parse(raw);
  const author = me(ctx);
  const id = await transaction(ctx, async (tx) => {
    const fields: FieldError[] = [];
    const keys = await audienceKeys(tx, input.audience);
    let poll: string | null = null;
    let thanks: string | null = null;
    if (input.kind === 'poll') {
      if (!input.poll) fields.push({ field: 'poll', message: 'feed.poll_required' });
      else {
        const seen = new Set(input.poll.options.map((o) => o.toLocaleLowerCase()));
        if (seen.size !== input.poll.options.length) fields.push({ field: 'poll.options', message: 'feed.poll_option_repeat' });
        poll = JSON.stringify({ ...input.poll, options: input.poll.options.map((text, i) => ({ id: i + 1, text })) });
      }
    }
    if (input.kind === 'thanks') {
      if (!input.thanks) fields.push({ field: 'thanks', message: 'feed.thanks_required' });
      else {
        const ok = await activeUserIds(tx, input.thanks.userIds);
        input.thanks.userIds.forEach((u, i) => {
          if (!ok.has(u)) fields.push({ field: `thanks.userIds.${i}`, message: 'feed.thanks_user' });
        });
        thanks = JSON.stringify({ userIds: [...new Set(input.thanks.userIds)], badge: input.thanks.badge });
      }
    }
    if (fields.length) throw errors.validation(fields);
    // A poll or a thanks may go without words of its own.
    const p = await prepareText(tx, input, [], input.kind === 'poll' || input.kind === 'thanks');
    const now = nowIso();
    const row = await scoped(tx)
      .insertInto('feed_post', {
        kind: input.kind,
        source: 0,
        source_key: null,
        author_id: author,
        title: input.title?.trim() || null,
        html: p.html,
        text: [input.title ?? '', p.text, input.poll?.question ?? ''].join(' ').trim(),
        mentions: JSON.stringify(p.mentions),
        files: JSON.stringify(p.files),
        audience: JSON.stringify(input.audience),
        poll,
        thanks,
        link: null,
        view_count: 0,
        read_count: 0,
        version: 1,
        created_at: now,
        updated_at: now,
        edited_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The thanked are found by their own keys (their profile's «Благодарности»); nobody reads under them.
    // The thanked read it, and find it by their own keys (their profile's «Благодарности»).
    const thankedIds = input.kind === 'thanks' ? [...new Set(input.thanks!.userIds)] : [];
    const thanked = [...thankedIds.map((u) => `U${u}`), ...thankedIds.map((u) => `T${u}`)];
    await writeAudience(tx, row.id, [...new Set([...keys, ...thanked])], input.kind, false);
    await setFileLinks(tx, 'feed_post', row.id, 'files', p.files);
    await recordEvent(tx, feedEvents.postCreated, { entityType: 'feed_post', entityId: row.id, payload: { kind: input.kind, authorId: author, audience: keys } });
    return row.id;
  });
  return getPost(ctx, id);
}

/** The row of a post the actor may read; 404 for any other. */
async function readablePost(ctx: Ctx, id: number): Promise<PostRow> {
  if (!(await visiblePostIds(ctx, [id])).includes(id)) throw errors.notFound();
  return scoped(ctx)
    .selectFrom('feed_post')
    .select([...POST_COLUMNS])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** One post the actor may read (else 404), as the feed shows it. */
export async function getPost(ctx: Ctx, id: number): Promise<FeedPost> {
  return (await toPosts(ctx, [await readablePost(ctx, id)]))[0]!;
}

/** A post the actor may change: one they read (else 404), written by them or they administer the portal (else 403). */
async function ownPost(ctx: Ctx, id: number): Promise<PostRow> {
  const row = await readablePost(ctx, id);
  if (row.author_id !== me(ctx) && ctx.actor!.role !== 'admin') throw errors.forbidden();
  return row;
}

/** Edits the text, files and audience of a post; the edit is recorded (its time shows, the old text goes to the history). */
export async function updatePost(ctx: Ctx, id: number, raw: FeedPostUpdate): Promise<FeedPost> {
  const input = UpdateSchema.parse(raw);
  await transaction(ctx, async (tx) => {
    const row = await ownPost(tx, id);
    if (row.source) throw errors.forbidden();
    if (input.version !== row.version) throw errors.conflict();
    const keys = input.audience ? await audienceKeys(tx, input.audience) : null;
    const before = (await scoped(tx).selectFrom('feed_audience').select('key').where('post_id', '=', id).execute()).map((r) => r.key);
    const p = await prepareText(tx, input, json<number[]>(row.files, []), row.kind === 'poll' || row.kind === 'thanks');
    const now = nowIso();
    const poll = json<{ question?: string } | null>(row.poll, null);
    const updated = await scoped(tx)
      .updateTable('feed_post')
      .set({
        title: input.title === undefined ? row.title : input.title.trim() || null,
        html: p.html,
        text: [input.title ?? row.title ?? '', p.text, poll?.question ?? ''].join(' ').trim(),
        mentions: JSON.stringify(p.mentions),
        files: JSON.stringify(p.files),
        ...(input.audience ? { audience: JSON.stringify(input.audience) } : {}),
        version: row.version + 1,
        updated_at: now,
        edited_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (!Number(updated.numUpdatedRows)) throw errors.conflict();
    const thankedIds = json<{ userIds: number[] } | null>(row.thanks, null)?.userIds ?? [];
    const thanked = [...thankedIds.map((u) => `U${u}`), ...thankedIds.map((u) => `T${u}`)];
    if (keys) await writeAudience(tx, id, [...new Set([...keys, ...thanked])], row.kind, false);
    await setFileLinks(tx, 'feed_post', id, 'files', p.files);
    // Those it was for hear the change too: whoever the edit left out takes it off their page.
    const audience = [...new Set([...before, ...(keys ?? [])])];
    await recordEvent(tx, feedEvents.postUpdated, {
      entityType: 'feed_post',
      entityId: id,
      payload: { kind: row.kind, authorId: row.author_id, audience },
      changes: [{ field: 'html', old: row.html, new: p.html }],
    });
  });
  return getPost(ctx, id);
}

/** Deletes a post with its comments, views, votes and file links (its author or an administrator). */
export async function deletePost(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const row = await ownPost(tx, id);
    await dropPost(tx, { id, kind: row.kind, authorId: row.author_id });
  });
}

/** Removes a post and all it holds, in the caller's transaction; the deletion event names its audience keys, so its readers hear it. */
export async function dropPost(ctx: Ctx, post: { id: number; kind: string; authorId: number | null }): Promise<void> {
  const audience = (await scoped(ctx).selectFrom('feed_audience').select('key').where('post_id', '=', post.id).execute()).map((r) => r.key);
  await deleteCommentsOf(ctx, 'feed_post', [post.id]);
  await removeFileLinks(ctx, 'feed_post', [post.id]);
  await deleteReactionsOf(ctx, 'feed_post', [post.id]);
  for (const table of ['feed_audience', 'feed_view', 'feed_read', 'feed_vote'] as const) await scoped(ctx).deleteFrom(table).where('post_id', '=', post.id).execute();
  await scoped(ctx).deleteFrom('feed_post').where('id', '=', post.id).execute();
  await recordEvent(ctx, feedEvents.postDeleted, { entityType: 'feed_post', entityId: post.id, payload: { kind: post.kind, authorId: post.authorId, audience } });
}

/**
 * Records that the actor has seen posts (the page sends those that stayed on screen for a moment,
 * in batches): one row per post and person, the post's total raised only for a first view.
 */
export async function recordViews(ctx: Ctx, postIds: number[]): Promise<number> {
  const user = me(ctx);
  const wanted = [...new Set(postIds)];
  return transaction(ctx, async (tx) => {
    const seen = new Set((await scoped(tx).selectFrom('feed_view').select('post_id').where('user_id', '=', user).where('post_id', 'in', wanted).execute()).map((r) => r.post_id));
    const fresh = await visiblePostIds(
      tx,
      wanted.filter((id) => !seen.has(id)),
    );
    if (!fresh.length) return 0;
    const now = nowIso();
    const inserted = await scoped(tx)
      .insertInto(
        'feed_view',
        fresh.map((post_id) => ({ post_id, user_id: user, viewed_at: now })),
      )
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
      .returning('post_id')
      .execute();
    const ids = inserted.map((r) => r.post_id);
    if (ids.length)
      await scoped(tx)
        .updateTable('feed_post')
        .set((eb) => ({ view_count: eb('view_count', '+', 1) }))
        .where('id', 'in', ids)
        .execute();
    return ids.length;
  });
}

/** Who viewed a post, latest first: shown to its author and administrators (others: 403). */
export async function viewers(ctx: Ctx, id: number, page: { offset: number; limit: number }): Promise<FeedViewers> {
  await ownPost(ctx, id);
  const [rows, total] = await Promise.all([
    scoped(ctx)
      .selectFrom('feed_view')
      .select(['user_id', 'viewed_at'])
      .where('post_id', '=', id)
      .orderBy('viewed_at', 'desc')
      .orderBy('user_id')
      .limit(page.limit + 1)
      .offset(page.offset)
      .execute(),
    scoped(ctx).selectFrom('feed_post').select('view_count').where('id', '=', id).executeTakeFirstOrThrow(),
  ]);
  const shown = rows.slice(0, page.limit);
  const users = await userRefs(
    ctx,
    shown.map((r) => r.user_id),
  );
  return {
    total: Number(total.view_count),
    items: shown.flatMap((r) => (users.has(r.user_id) ? [{ user: users.get(r.user_id)!, viewedAt: r.viewed_at }] : [])),
    nextOffset: rows.length > page.limit ? page.offset + page.limit : null,
  };
}

/** «Прочитал» on an important message: it is no longer pinned for the reader. */
export async function markRead(ctx: Ctx, id: number): Promise<FeedPost> {
  const user = me(ctx);
  await transaction(ctx, async (tx) => {
    if (!(await visiblePostIds(tx, [id])).includes(id)) throw errors.notFound();
    const row = await scoped(tx).selectFrom('feed_post').select('kind').where('id', '=', id).executeTakeFirstOrThrow();
    if (row.kind !== 'important') throw errors.field('postId', 'feed.not_important');
    const added = await scoped(tx)
      .insertInto('feed_read', { post_id: id, user_id: user, read_at: nowIso() })
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
      .returning('post_id')
      .execute();
    if (added.length)
      await scoped(tx)
        .updateTable('feed_post')
        .set((eb) => ({ read_count: eb('read_count', '+', 1) }))
        .where('id', '=', id)
        .execute();
  });
  return getPost(ctx, id);
}

/** The people an important message is for, split into those who clicked «Прочитал» (when) and those who have not. */
export async function importantReaders(ctx: Ctx, id: number, q: { list: 'read' | 'unread'; offset: number; limit: number }): Promise<ImportantReaders> {
  await getPost(ctx, id);
  const keys = (await scoped(ctx).selectFrom('feed_audience').select('key').where('post_id', '=', id).execute()).map((r) => r.key);
  const [audience, reads] = await Promise.all([
    audienceMembers(ctx, keys),
    scoped(ctx).selectFrom('feed_read').select(['user_id', 'read_at']).where('post_id', '=', id).orderBy('read_at').orderBy('user_id').execute(),
  ]);
  const readIds = new Set(reads.map((r) => r.user_id));
  const unreadIds = [...audience].filter((u) => !readIds.has(u));
  const page = <T>(all: T[]) => ({ items: all.slice(q.offset, q.offset + q.limit), nextOffset: all.length > q.offset + q.limit ? q.offset + q.limit : null });
  if (q.list === 'read') {
    const shown = page(reads);
    const refs = await userRefs(
      ctx,
      shown.items.map((r) => r.user_id),
    );
    return {
      readCount: reads.length,
      unreadCount: unreadIds.length,
      items: shown.items.flatMap((r) => (refs.has(r.user_id) ? [{ user: refs.get(r.user_id)!, readAt: r.read_at }] : [])),
      nextOffset: shown.nextOffset,
    };
  }
  // Those still to read, by name: the whole audience's names are needed to order them.
  const refs = await userRefs(ctx, unreadIds);
  const sorted = [...refs.values()].sort((a, b) => a.fullName.localeCompare(b.fullName, 'ru'));
  const shown = page(sorted);
  return { readCount: reads.length, unreadCount: sorted.length, items: shown.items.map((user) => ({ user, readAt: null })), nextOffset: shown.nextOffset };
}

/** A vote in a poll: the actor's choices replace their earlier ones; the results show after voting. */
export async function vote(ctx: Ctx, id: number, optionIds: number[]): Promise<FeedPost> {
  const user = me(ctx);
  await transaction(ctx, async (tx) => {
    if (!(await visiblePostIds(tx, [id])).includes(id)) throw errors.notFound();
    const row = await scoped(tx).selectFrom('feed_post').select(['kind', 'poll']).where('id', '=', id).executeTakeFirstOrThrow();
    const poll = json<{ multiple: boolean; options: { id: number }[] } | null>(row.poll, null);
    if (row.kind !== 'poll' || !poll) throw errors.field('postId', 'feed.not_poll');
    const chosen = [...new Set(optionIds)];
    const known = new Set(poll.options.map((o) => o.id));
    const fields: FieldError[] = [];
    optionIds.forEach((o, i) => {
      if (!known.has(o)) fields.push({ field: `optionIds.${i}`, message: 'feed.vote_option' });
    });
    if (!poll.multiple && chosen.length > 1) fields.push({ field: 'optionIds', message: 'feed.vote_single' });
    if (fields.length) throw errors.validation(fields);
    await scoped(tx).deleteFrom('feed_vote').where('post_id', '=', id).where('user_id', '=', user).execute();
    const now = nowIso();
    await scoped(tx)
      .insertInto(
        'feed_vote',
        chosen.map((option_id) => ({ post_id: id, user_id: user, option_id, created_at: now })),
      )
      .execute();
    await recordEvent(tx, feedEvents.postUpdated, { entityType: 'feed_post', entityId: id, payload: { kind: 'poll', authorId: null, audience: [] } });
  });
  return getPost(ctx, id);
}

/** The thanks a person received, newest first, as their profile's «Благодарности» shows them (those the viewer may read). */
export async function thanksOf(ctx: Ctx, userId: number): Promise<ThanksList> {
  if (!(await existingUserIds(ctx, [userId])).has(userId)) throw errors.notFound();
  const keyed = await scoped(ctx).selectFrom('feed_audience').select('post_id').where('key', '=', `T${userId}`).orderBy('post_id', 'desc').limit(500).execute();
  const visible = await visiblePostIds(
    ctx,
    keyed.map((r) => r.post_id),
  );
  const mine = visible.length ? await scoped(ctx).selectFrom('feed_post').select(['id', 'author_id', 'thanks', 'text', 'created_at']).where('id', 'in', visible).orderBy('id', 'desc').execute() : [];
  const shown = mine.slice(0, 100);
  const authors = await userRefs(
    ctx,
    shown.map((r) => r.author_id),
  );
  return {
    items: shown.map((r) => ({
      postId: r.id,
      badge: json<{ badge: ThanksBadge }>(r.thanks, { badge: 'thanks' }).badge,
      from: r.author_id ? (authors.get(r.author_id) ?? null) : null,
      createdAt: r.created_at,
      text: r.text.length > 300 ? `${r.text.slice(0, 299)}…` : r.text,
    })),
  };
}
