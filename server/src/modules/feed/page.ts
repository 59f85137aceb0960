import type { AudienceItem, FeedPage, FeedPost, FeedQuery, ThanksBadge } from '@vavilon/contracts';
import { FeedQuery as QuerySchema } from '@vavilon/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { likeInsensitive } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { latestComments } from '../comments/api.js';
import { fileInfos } from '../files/api.js';
import { memberGroupIds } from '../groups/api.js';
import { reactionSummaries } from '../reactions/api.js';
import { timeZoneOf, userRefs } from '../users/api.js';
import { atTime } from '../../platform/time-zone.js';
import { audienceChips, openGroupIds, readerKeys } from './audience.js';
import { json, POST_COLUMNS, type PostRow } from './rows.js';

const COMMENTS_SHOWN = 3;

/**
 * A page of the actor's feed, newest first. An employee's posts are those under their audience
 * keys: the newest `limit + 1` of each key are taken by the index and merged, which holds the
 * page whatever the feed's size. An administrator reads every post of the portal.
 */
export async function listFeed(ctx: Ctx, raw: FeedQuery): Promise<FeedPage> {
  const q = QuerySchema.parse(raw);
  if (q.from && q.to && q.to < q.from) throw errors.field('to', 'feed.dates');
  const user = ctx.actor!.userId;
  const admin = ctx.actor!.role === 'admin';
  let keys: string[] | null = admin ? null : await readerKeys(ctx, user);
  if (q.groupId) {
    const member = (await memberGroupIds(ctx, user)).includes(q.groupId);
    if (!admin && !member && !(await openGroupIds(ctx, [q.groupId])).has(q.groupId)) throw errors.notFound();
    keys = [`G${q.groupId}`];
  }
  const kind = q.filter === 'important' ? 'important' : null;
  // The dates are days of the reader's zone.
  const zone = q.from || q.to ? await timeZoneOf(ctx, user) : 'UTC';
  const dayStart = (day: string) => atTime({ y: +day.slice(0, 4), m: +day.slice(5, 7), d: +day.slice(8, 10) }, 0, 0, zone).toISOString();
  const range = { after: q.from ? dayStart(q.from) : undefined, before: q.to ? dayStart(nextDay(q.to)) : undefined };
  const ids = await pageIds(ctx, keys, { ...q, ...range, kind, authorId: q.filter === 'mine' ? user : q.authorId }, q.limit + 1);
  const more = ids.length > q.limit;
  const pageIdsList = ids.slice(0, q.limit);
  const pinnedIds = !q.cursor && q.filter === 'all' && !q.groupId && !q.authorId && !q.q && !q.from && !q.to ? await unreadImportant(ctx, keys, user) : [];
  const rows = await postRows(ctx, [...new Set([...pinnedIds, ...pageIdsList])]);
  const posts = new Map((await toPosts(ctx, rows)).map((p) => [p.id, p]));
  const pinnedSet = new Set(pinnedIds);
  return {
    pinned: pinnedIds.flatMap((id) => posts.get(id) ?? []),
    items: pageIdsList.filter((id) => !pinnedSet.has(id)).flatMap((id) => posts.get(id) ?? []),
    nextCursor: more ? pageIdsList[pageIdsList.length - 1]! : null,
  };
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface Filters {
  kind: string | null;
  authorId?: number;
  /** Created at or after this instant. */
  after?: string;
  /** Created before this instant. */
  before?: string;
  q?: string;
  hideSources: boolean;
  cursor?: number;
}

/** The ids of a page: one index range per key (`keys` null: the whole portal's posts). */
async function pageIds(ctx: Ctx, keys: string[] | null, f: Filters, limit: number): Promise<number[]> {
  const needsPost = f.authorId !== undefined || f.after || f.before || f.q;
  if (keys === null) {
    let query = scoped(ctx).selectFrom('feed_post').select('feed_post.id');
    if (f.kind) query = query.where('kind', '=', f.kind);
    if (f.hideSources) query = query.where('source', '=', 0);
    if (f.cursor) query = query.where('id', '<', f.cursor);
    query = filterPosts(ctx, query, f);
    return (await query.orderBy('id', 'desc').limit(limit).execute()).map((r) => r.id);
  }
  const perKey = keys.map((key) => {
    let query = scoped(ctx).selectFrom('feed_audience').select('feed_audience.post_id as id').where('feed_audience.key', '=', key);
    if (f.kind) query = query.where('feed_audience.kind', '=', f.kind);
    if (f.hideSources) query = query.where('feed_audience.source', '=', 0);
    if (f.cursor) query = query.where('feed_audience.post_id', '<', f.cursor);
    if (needsPost) query = filterPosts(ctx, query.innerJoin('feed_post', 'feed_post.id', 'feed_audience.post_id') as any, f) as any;
    return query.orderBy('feed_audience.post_id', 'desc').limit(limit);
  });
  // Each key's range as its own subquery (SQLite takes LIMIT in a compound's part only so), merged.
  const parts = perKey.map((p) => sql`select id from (${p}) as k`);
  const rows = await sql<{ id: number }>`select distinct id from (${sql.join(parts, sql` union all `)}) as u order by id desc limit ${limit}`.execute(ctx.db);
  return rows.rows.map((r) => Number(r.id));
}

function filterPosts<Q extends { where: any }>(ctx: Ctx, query: Q, f: Filters): Q {
  let out: any = query;
  if (f.authorId !== undefined) out = out.where('feed_post.author_id', '=', f.authorId);
  if (f.after) out = out.where('feed_post.created_at', '>=', f.after);
  if (f.before) out = out.where('feed_post.created_at', '<', f.before);
  if (f.q) out = out.where('feed_post.text', likeInsensitive(ctx.sys.dialect), `%${f.q.replace(/[%_\\]/g, '')}%`);
  return out as Q;
}

/** Important messages for the reader they have not marked «Прочитал» yet, newest first. */
async function unreadImportant(ctx: Ctx, keys: string[] | null, user: number): Promise<number[]> {
  const ids = await pageIds(ctx, keys, { kind: 'important', hideSources: false }, 20);
  if (!ids.length) return [];
  const read = new Set((await scoped(ctx).selectFrom('feed_read').select('post_id').where('user_id', '=', user).where('post_id', 'in', ids).execute()).map((r) => r.post_id));
  return ids.filter((id) => !read.has(id)).slice(0, 5);
}

async function postRows(ctx: Ctx, ids: number[]): Promise<PostRow[]> {
  if (!ids.length) return [];
  return scoped(ctx)
    .selectFrom('feed_post')
    .select([...POST_COLUMNS])
    .where('id', 'in', ids)
    .execute();
}

/** Posts as the feed shows them: authors, files, audience chips, latest comments, reactions, reads and votes, each in one batch. */
export async function toPosts(ctx: Ctx, rows: PostRow[]): Promise<FeedPost[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const me = ctx.actor?.userId ?? 0;
  const admin = ctx.actor?.role === 'admin';
  const thanks = new Map(rows.map((r) => [r.id, json<{ userIds: number[]; badge: ThanksBadge } | null>(r.thanks, null)]));
  const polls = rows.filter((r) => r.kind === 'poll').map((r) => r.id);
  const important = rows.filter((r) => r.kind === 'important').map((r) => r.id);
  const [users, files, chips, comments, reactions, reads, votes] = await Promise.all([
    userRefs(ctx, [...rows.map((r) => r.author_id), ...[...thanks.values()].flatMap((t) => t?.userIds ?? [])]),
    fileInfos(
      ctx,
      rows.flatMap((r) => json<number[]>(r.files, [])),
    ),
    audienceChips(
      ctx,
      rows.map((r) => json<AudienceItem[]>(r.audience, [])),
    ),
    latestComments(ctx, 'feed_post', ids, COMMENTS_SHOWN),
    reactionSummaries(ctx, 'feed_post', ids),
    important.length ? scoped(ctx).selectFrom('feed_read').select('post_id').where('user_id', '=', me).where('post_id', 'in', important).execute() : [],
    polls.length ? scoped(ctx).selectFrom('feed_vote').select(['post_id', 'user_id', 'option_id']).where('post_id', 'in', polls).execute() : [],
  ]);
  const readSet = new Set(reads.map((r) => r.post_id));
  return rows.map((r, i) => {
    const t = thanks.get(r.id);
    const pollDef = json<{ question: string; multiple: boolean; anonymous: boolean; options: { id: number; text: string }[] } | null>(r.poll, null);
    let poll: FeedPost['poll'] = null;
    if (pollDef) {
      const mine = votes.filter((v) => v.post_id === r.id);
      const myChoices = mine.filter((v) => v.user_id === me).map((v) => v.option_id);
      const results = myChoices.length > 0 || r.author_id === me || admin;
      poll = {
        question: pollDef.question,
        multiple: pollDef.multiple,
        anonymous: pollDef.anonymous,
        options: pollDef.options.map((o) => ({ id: o.id, text: o.text, votes: results ? mine.filter((v) => v.option_id === o.id).length : null })),
        voters: new Set(mine.map((v) => v.user_id)).size,
        myChoices,
      };
    }
    const c = comments.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      source: !!r.source,
      author: r.author_id ? (users.get(r.author_id) ?? null) : null,
      title: r.title,
      html: r.html,
      mentions: json<number[]>(r.mentions, []),
      files: json<number[]>(r.files, []).flatMap((f) => files.get(f) ?? []),
      audience: chips[i] ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      editedAt: r.edited_at,
      version: r.version,
      viewCount: Number(r.view_count),
      commentCount: c?.total ?? 0,
      comments: c?.items ?? [],
      reactions: reactions.get(r.id) ?? [],
      canManage: !r.source && (admin || (me !== 0 && r.author_id === me)),
      important: r.kind === 'important' ? { read: readSet.has(r.id), readCount: Number(r.read_count) } : null,
      poll,
      thanks: t ? { users: t.userIds.flatMap((u) => users.get(u) ?? []), badge: t.badge } : null,
      link: json<{ url: string; label: string } | null>(r.link, null),
    };
  });
}
