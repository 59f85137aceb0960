import { sql } from 'kysely';
import { commentsEvents, type Comment, type CommentInput, type CommentPage, type CommentUpdate } from '@vavilon/contracts';
import { checkAccess, requireAccess, type AccessChecker } from '../../platform/access.js';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import { mentionsIn, plainText, sanitizeRichText } from '../../platform/rich-text.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import type { AuthorLookup, ItemDescriber, ItemDescription } from '../../platform/registry/registry.js';
import { fileInfos, ownFileIds, removeFileLinks, setFileLinks } from '../files/api.js';
import { notify } from '../notifications/api.js';
import { deleteReactionsOf } from '../reactions/api.js';
import { activeUserIds, actorsFor, userRefs } from '../users/api.js';
import type { CommentTable } from './schema.js';
import './schema.js';

type Row = Omit<CommentTable, 'id' | 'portal_id'> & { id: number };
/** The input as services take it: `mentions` may be left out. */
export type NewComment = Omit<CommentInput, 'mentions'> & { mentions?: number[] };
export type CommentEdit = Omit<CommentUpdate, 'mentions'> & { mentions?: number[] };

const ids = (json: string): number[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
};

const actorId = (ctx: Ctx): number => {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
};

/** The module's declaration of an item type; a type nobody declared has no comments (404). */
function commentableOf(ctx: Ctx, type: string): void {
  if (!ctx.sys.registry.commentable(type)) throw errors.notFound();
}

/** The item must be one the actor may read (the system: one that exists): else 404, as if it were not there. */
async function readableItem(ctx: Ctx, type: string, id: number): Promise<void> {
  commentableOf(ctx, type);
  if (!ctx.actor && ctx.system) {
    if (!(await ctx.sys.registry.describe(ctx, type, [id])).has(id)) throw errors.notFound();
    return;
  }
  await requireAccess(ctx, 'read', type, [id]);
}

interface Prepared {
  html: string;
  mentions: number[];
  files: number[];
}

/**
 * Sanitises the text and checks the mentions and files: users named in `mentions` must be active
 * employees of the portal (marks in the text naming anyone else are left without effect); files
 * are the actor's own uploads in this portal, or those the comment already has (on an edit).
 */
async function prepare(ctx: Ctx, input: NewComment, keptFiles: number[] = []): Promise<Prepared> {
  const html = sanitizeRichText(input.html);
  const given = input.mentions ?? [];
  const fields: FieldError[] = [];
  if (!plainText(html) && !mentionsIn(html).length) fields.push({ field: 'html', message: 'comments.empty' });
  const wanted = [...new Set([...given, ...mentionsIn(html)])].filter((n) => n <= 2_147_483_647);
  const ok = await activeUserIds(ctx, wanted);
  given.forEach((id, i) => {
    if (!ok.has(id)) fields.push({ field: `mentions.${i}`, message: 'comments.mention_invalid' });
  });
  const fileIds = input.fileIds === undefined ? keptFiles : [...new Set(input.fileIds)];
  const own = await ownFileIds(
    ctx,
    fileIds.filter((f) => !keptFiles.includes(f)),
  );
  const present = await fileInfos(ctx, fileIds);
  (input.fileIds ?? []).forEach((f, i) => {
    if (!present.has(f) || (!keptFiles.includes(f) && !own.has(f))) fields.push({ field: `fileIds.${i}`, message: 'comments.file_invalid' });
  });
  if (fields.length) throw errors.validation(fields);
  return { html, mentions: wanted.filter((id) => ok.has(id)), files: fileIds.filter((f) => present.has(f)) };
}

/**
 * Tells each of `users` who may read the item (the actor left out) that a comment was written: the
 * notification names the item and links to it. Gives the users told.
 */
async function notifyReaders(ctx: Ctx, type: string, itemId: number, users: number[], html: string, kind: string, title: MessageKey): Promise<number[]> {
  const me = actorId(ctx);
  const targets = [...new Set(users)].filter((u) => u !== me);
  if (!targets.length) return [];
  const [actors, authors] = await Promise.all([actorsFor(ctx, targets), userRefs(ctx, [me])]);
  const author = authors.get(me)?.fullName ?? '';
  const text = plainText(html);
  const snippet = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  const told: number[] = [];
  for (const actor of actors.values()) {
    const as: Ctx = { ...ctx, lang: actor.language, actor };
    if (!(await checkAccess(as, 'read', type, [itemId])).has(itemId)) continue;
    const item = (await ctx.sys.registry.describe(as, type, [itemId])).get(itemId);
    await notify(ctx, {
      userId: actor.userId,
      kind,
      title: t(actor.language, title, { name: author }),
      body: `${item?.title ?? `#${itemId}`}: ${snippet}`,
      url: item?.url ?? null,
    });
    told.push(actor.userId);
  }
  return told;
}

/** Tells each newly mentioned user who may read the item. */
const notifyMentions = (ctx: Ctx, type: string, itemId: number, users: number[], html: string) => notifyReaders(ctx, type, itemId, users, html, 'comments.mention', 'comments.mention_title');

/**
 * Comments as the API gives them: authors and files resolved in one batch each; `replyCount` from
 * `counts` (by comment id), and `replies` (rows by top-level comment id) when given.
 */
async function toComments(ctx: Ctx, rows: Row[], counts: Map<number, number> = new Map(), replies?: Map<number, Row[]>): Promise<Comment[]> {
  const all = [...rows, ...[...(replies?.values() ?? [])].flat()];
  const files = new Map(all.map((r) => [Number(r.id), ids(r.files)]));
  const [users, infos] = await Promise.all([
    userRefs(
      ctx,
      all.map((r) => r.author_id),
    ),
    fileInfos(ctx, [...files.values()].flat()),
  ]);
  const me = ctx.actor?.userId;
  const admin = ctx.actor?.role === 'admin';
  const one = (r: Row): Comment => ({
    id: Number(r.id),
    itemType: r.entity_type,
    itemId: Number(r.entity_id),
    author: r.author_id ? (users.get(r.author_id) ?? null) : null,
    html: r.html,
    mentions: ids(r.mentions),
    files: (files.get(Number(r.id)) ?? []).flatMap((f) => infos.get(f) ?? []),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
    canManage: admin || (me !== undefined && r.author_id === me),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    replyCount: counts.get(Number(r.id)) ?? 0,
  });
  return rows.map((r) => (replies ? { ...one(r), replies: (replies.get(Number(r.id)) ?? []).map(one) } : one(r)));
}

const COLUMNS = ['id', 'entity_type', 'entity_id', 'parent_id', 'author_id', 'html', 'files', 'mentions', 'created_at', 'updated_at', 'version'] as const;
/** How many of a top-level comment's last answers a listing gives with it. */
const SHOWN_REPLIES = 3;

/** The comments of one item. */
const ofItem = (ctx: Ctx, type: string, id: number) => scoped(ctx).selectFrom('comment').where('entity_type', '=', type).where('entity_id', '=', id);

/**
 * The last `SHOWN_REPLIES` answers of each of an item's top-level comments and their counts, in one
 * query (row_number() and count() over each comment's answers).
 */
async function lastReplies(ctx: Ctx, type: string, id: number, parentIds: number[]): Promise<{ counts: Map<number, number>; replies: Map<number, Row[]> }> {
  const counts = new Map<number, number>();
  const replies = new Map<number, Row[]>();
  if (!parentIds.length) return { counts, replies };
  const ranked = ofItem(ctx, type, id)
    .select([...COLUMNS, sql<number>`row_number() over (partition by parent_id order by id desc)`.as('rn'), sql<number>`count(*) over (partition by parent_id)`.as('n')])
    .where('parent_id', 'in', parentIds);
  const rows = await ctx.db.selectFrom(ranked.as('r')).selectAll().where('rn', '<=', SHOWN_REPLIES).orderBy('parent_id').orderBy('id').execute();
  for (const { rn: _rn, n, ...r } of rows) {
    counts.set(Number(r.parent_id), Number(n));
    const list = replies.get(Number(r.parent_id)) ?? [];
    list.push(r);
    replies.set(Number(r.parent_id), list);
  }
  return { counts, replies };
}

/** How many answers each of `parentIds` (top-level comments of the items `itemIds`) has. */
async function replyCounts(ctx: Ctx, type: string, itemIds: number[], parentIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!parentIds.length) return out;
  const rows = await scoped(ctx)
    .selectFrom('comment')
    .select(['parent_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('entity_type', '=', type)
    .where('entity_id', 'in', itemIds)
    .where('parent_id', 'in', parentIds)
    .groupBy('parent_id')
    .execute();
  for (const r of rows) out.set(Number(r.parent_id), Number(r.n));
  return out;
}

/** The top-level comment `parentId` stands for on the item: itself, or the one it answers; undefined when it is not a comment of the item. */
async function threadOf(ctx: Ctx, type: string, id: number, parentId: number): Promise<Row | undefined> {
  const row = await ofItem(ctx, type, id)
    .select([...COLUMNS])
    .where('id', '=', parentId)
    .executeTakeFirst();
  if (!row || row.parent_id === null) return row;
  return ofItem(ctx, type, id)
    .select([...COLUMNS])
    .where('id', '=', row.parent_id)
    .executeTakeFirst();
}

/**
 * An item's top-level comments, newest first, a page at a time, each with its `replyCount` and its
 * last 3 answers (oldest first); with `parentId`, that comment's answers (of its top-level comment
 * when it is an answer), oldest first. 404 when the actor may not read the item or `parentId` is
 * not a comment of it.
 */
export async function listComments(ctx: Ctx, type: string, id: number, opts: { page?: number; pageSize?: number; parentId?: number } = {}): Promise<CommentPage> {
  await readableItem(ctx, type, id);
  const page = opts.page ?? 1;
  const pageSize = opts.pageSize ?? 20;
  if (opts.parentId !== undefined) {
    const root = await threadOf(ctx, type, id, opts.parentId);
    if (!root) throw errors.notFound();
    const base = ofItem(ctx, type, id).where('parent_id', '=', root.id);
    const [rows, count] = await Promise.all([
      base
        .select([...COLUMNS])
        .orderBy('id', 'asc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await toComments(ctx, rows), total: Number(count.n), page, pageSize };
  }
  const base = ofItem(ctx, type, id).where('parent_id', 'is', null);
  const [rows, count] = await Promise.all([
    base
      .select([...COLUMNS])
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const { counts, replies } = await lastReplies(
    ctx,
    type,
    id,
    rows.map((r) => Number(r.id)),
  );
  return { items: await toComments(ctx, rows, counts, replies), total: Number(count.n), page, pageSize };
}

/**
 * For the items `itemIds` of a type (the caller has checked the actor may read them): each one's
 * count of top-level comments and its latest `perItem` of them, oldest first, with their
 * `replyCount`. Every item asked for is in the map (an item without comments: total 0). A constant
 * number of queries for up to 100 items (counts, one union of each item's latest, their answers'
 * counts, authors, files), whatever their number of comments: each item's latest are read through
 * the index (`comment_thread`), not ranked among all its comments.
 */
export async function latestComments(ctx: Ctx, type: string, itemIds: number[], perItem: number): Promise<Map<number, { total: number; items: Comment[] }>> {
  const items = [...new Set(itemIds)];
  const out = new Map(items.map((id) => [id, { total: 0, items: [] as Comment[] }]));
  if (!items.length || !ctx.sys.registry.commentable(type)) return out;
  const take = Math.max(0, Math.floor(perItem));
  const rows: Row[] = [];
  for (let i = 0; i < items.length; i += 100) {
    const chunk = items.slice(i, i + 100);
    const counted = scoped(ctx)
      .selectFrom('comment')
      .select(['entity_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('entity_type', '=', type)
      .where('entity_id', 'in', chunk)
      .where('parent_id', 'is', null)
      .groupBy('entity_id')
      .execute();
    const latest = take
      ? chunk
          .map((id, n) =>
            ctx.db
              .selectFrom(
                ofItem(ctx, type, id)
                  .where('parent_id', 'is', null)
                  .select([...COLUMNS])
                  .orderBy('id', 'desc')
                  .limit(take)
                  .as(`c${n}`),
              )
              .selectAll(),
          )
          .reduce((all, q) => all.unionAll(q))
          .execute()
      : Promise.resolve([]);
    const [counts, found] = await Promise.all([counted, latest]);
    for (const r of counts) out.get(Number(r.entity_id))!.total = Number(r.n);
    rows.push(...found);
  }
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  const counts = new Map<number, number>();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const part = await replyCounts(
      ctx,
      type,
      [...new Set(chunk.map((r) => Number(r.entity_id)))],
      chunk.map((r) => Number(r.id)),
    );
    for (const [k, v] of part) counts.set(k, v);
  }
  for (const c of await toComments(ctx, rows, counts)) out.get(c.itemId)!.items.push(c);
  return out;
}

/**
 * Writes a comment on an item the actor may read; mentioned readers of the item are notified in
 * the same write. A system ctx (a robot) writes without an author: the item's timeline shows «Робот».
 * With `parentId`, an answer: the parent must be a comment of the same item (else 400), an answer to
 * an answer is attached to the same top-level comment, and the authors of the comment answered and
 * of its top-level comment are told (`comments.reply`; the mentioned ones get the mention's notice only).
 */
export async function addComment(ctx: Ctx, type: string, id: number, input: NewComment): Promise<Comment> {
  const me = !ctx.actor && ctx.system ? null : actorId(ctx);
  const row = await transaction(ctx, async (tx) => {
    await readableItem(tx, type, id);
    const answered = input.parentId === undefined ? undefined : await ofItem(tx, type, id).select(['id', 'parent_id', 'author_id']).where('id', '=', input.parentId).executeTakeFirst();
    if (input.parentId !== undefined && !answered) throw errors.validation([{ field: 'parentId', message: 'comments.parent_invalid' }]);
    const root = answered && answered.parent_id !== null ? await ofItem(tx, type, id).select(['id', 'author_id']).where('id', '=', answered.parent_id).executeTakeFirst() : answered;
    if (answered && !root) throw errors.validation([{ field: 'parentId', message: 'comments.parent_invalid' }]);
    const p = await prepare(tx, input);
    const now = nowIso();
    const created = await scoped(tx)
      .insertInto('comment', {
        entity_type: type,
        entity_id: id,
        parent_id: root ? Number(root.id) : null,
        author_id: me,
        html: p.html,
        files: JSON.stringify(p.files),
        mentions: JSON.stringify(p.mentions),
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning([...COLUMNS])
      .executeTakeFirstOrThrow();
    await setFileLinks(tx, 'comment', created.id, 'files', p.files);
    let replyTo: number[] = [];
    if (me !== null) {
      await notifyMentions(tx, type, id, p.mentions, p.html);
      const authors = [answered?.author_id, root?.author_id].filter((u): u is number => typeof u === 'number' && !p.mentions.includes(u));
      replyTo = await notifyReaders(tx, type, id, authors, p.html, 'comments.reply', 'comments.reply_title');
    }
    await recordEvent(tx, commentsEvents.commentCreated, {
      entityType: 'comment',
      entityId: created.id,
      payload: { itemType: type, itemId: id, authorId: me, mentions: p.mentions, files: p.files, parentId: created.parent_id, replyTo },
    });
    return created;
  });
  return (await toComments(ctx, [row]))[0]!;
}

/** A comment the actor may change: on an item they may read (else 404), written by them or they administer the portal (else 403). */
async function ownComment(ctx: Ctx, commentId: number) {
  const row = await scoped(ctx)
    .selectFrom('comment')
    .select([...COLUMNS])
    .where('id', '=', commentId)
    .executeTakeFirst();
  if (!row) throw errors.notFound();
  await readableItem(ctx, row.entity_type, row.entity_id);
  if (row.author_id !== actorId(ctx) && ctx.actor!.role !== 'admin') throw errors.forbidden();
  return { row };
}

/** Edits the text (files: kept when `fileIds` is left out); with `version`, a comment changed since is 409. */
export async function updateComment(ctx: Ctx, commentId: number, input: CommentEdit): Promise<Comment> {
  const row = await transaction(ctx, async (tx) => {
    const { row } = await ownComment(tx, commentId);
    if (input.version !== undefined && input.version !== Number(row.version)) throw errors.conflict();
    const p = await prepare(tx, input, ids(row.files));
    const updated = await scoped(tx)
      .updateTable('comment')
      .set({ html: p.html, mentions: JSON.stringify(p.mentions), files: JSON.stringify(p.files), updated_at: nowIso(), version: Number(row.version) + 1 })
      .where('id', '=', commentId)
      .where('version', '=', row.version)
      .returning([...COLUMNS])
      .executeTakeFirst();
    if (!updated) throw errors.conflict();
    await setFileLinks(tx, 'comment', commentId, 'files', p.files);
    const before = ids(row.mentions);
    await recordEvent(tx, commentsEvents.commentUpdated, {
      entityType: 'comment',
      entityId: commentId,
      payload: { itemType: row.entity_type, itemId: row.entity_id, authorId: row.author_id, mentions: p.mentions, files: p.files },
      changes: [{ field: 'html', old: row.html, new: p.html }],
    });
    await notifyMentions(
      tx,
      row.entity_type,
      row.entity_id,
      p.mentions.filter((m) => !before.includes(m)),
      p.html,
    );
    return updated;
  });
  return (await toComments(ctx, [row]))[0]!;
}

/** Deletes a comment (its author or an administrator) and its file links; a top-level comment takes its answers with it. */
export async function deleteComment(ctx: Ctx, commentId: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const { row } = await ownComment(tx, commentId);
    const answers = row.parent_id === null ? await ofItem(tx, row.entity_type, row.entity_id).select(['id', 'author_id']).where('parent_id', '=', commentId).orderBy('id').execute() : [];
    const gone = [commentId, ...answers.map((a) => Number(a.id))];
    for (let i = 0; i < gone.length; i += 500) {
      const chunk = gone.slice(i, i + 500);
      await removeFileLinks(tx, 'comment', chunk);
      await deleteReactionsOf(tx, 'comment', chunk);
      await scoped(tx).deleteFrom('comment').where('id', 'in', chunk).execute();
    }
    for (const c of [{ id: commentId, author_id: row.author_id }, ...answers])
      await recordEvent(tx, commentsEvents.commentDeleted, {
        entityType: 'comment',
        entityId: Number(c.id),
        payload: { itemType: row.entity_type, itemId: row.entity_id, authorId: c.author_id },
      });
  });
}

/**
 * Deletes every comment of items being deleted, their file links and reactions, in the caller's
 * transaction; the caller has checked its right to delete the items. No event per comment:
 * the items' deletion is the event.
 */
export async function deleteCommentsOf(ctx: Ctx, type: string, itemIds: number[]): Promise<void> {
  for (let i = 0; i < itemIds.length; i += 500) {
    const chunk = itemIds.slice(i, i + 500);
    const of = scoped(ctx).selectFrom('comment').select('id').where('entity_type', '=', type).where('entity_id', 'in', chunk);
    await scoped(ctx).deleteFrom('file_link').where('entity_type', '=', 'comment').where('entity_id', 'in', of).execute();
    await deleteReactionsOf(
      ctx,
      'comment',
      (await of.execute()).map((r) => r.id),
    );
    await scoped(ctx).deleteFrom('comment').where('entity_type', '=', type).where('entity_id', 'in', chunk).execute();
  }
}

/**
 * How many comments each item has (answers included), for the items among `itemIds` the actor may read (the others
 * are left out). For "new comments" counters: `newerThan` counts only the comments after an item's
 * last seen comment id, `notBy` leaves out a user's own.
 */
export async function commentCounts(ctx: Ctx, type: string, itemIds: number[], opts: { newerThan?: Map<number, number>; notBy?: number } = {}): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!ctx.sys.registry.commentable(type)) return out;
  const readable = [...(await checkAccess(ctx, 'read', type, itemIds))];
  for (let i = 0; i < readable.length; i += 500) {
    const chunk = readable.slice(i, i + 500);
    let q = scoped(ctx)
      .selectFrom('comment')
      .select(['entity_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('entity_type', '=', type)
      .where('entity_id', 'in', chunk);
    const seen = opts.newerThan;
    if (seen) q = q.where((eb) => eb.or(chunk.map((id) => eb.and([eb('entity_id', '=', id), eb('id', '>', seen.get(id) ?? 0)]))));
    if (opts.notBy !== undefined) {
      const me = opts.notBy;
      q = q.where((eb) => eb.or([eb('author_id', 'is', null), eb('author_id', '!=', me)]));
    }
    for (const r of await q.groupBy('entity_id').execute()) out.set(Number(r.entity_id), Number(r.n));
  }
  return out;
}

/** A comment is readable with the item it is written on. */
export const readableComments: AccessChecker = async (ctx, commentIds) => {
  const rows = await scoped(ctx).selectFrom('comment').select(['id', 'entity_type', 'entity_id']).where('id', 'in', commentIds).execute();
  const out: number[] = [];
  for (const type of new Set(rows.map((r) => r.entity_type))) {
    const mine = rows.filter((r) => r.entity_type === type);
    const items = await checkAccess(
      ctx,
      'read',
      type,
      mine.map((r) => r.entity_id),
    );
    out.push(...mine.filter((r) => items.has(r.entity_id)).map((r) => r.id));
  }
  return out;
};

/** A comment as other modules link it: the start of its text, at the address of its item. */
export const describeComments: ItemDescriber = async (ctx, commentIds) => {
  const rows = await scoped(ctx).selectFrom('comment').select(['id', 'entity_type', 'entity_id', 'html']).where('id', 'in', commentIds).execute();
  const out = new Map<number, ItemDescription>();
  for (const type of new Set(rows.map((r) => r.entity_type))) {
    const mine = rows.filter((r) => r.entity_type === type);
    const items = await ctx.sys.registry.describe(
      ctx,
      type,
      mine.map((r) => r.entity_id),
    );
    for (const r of mine) {
      const item = items.get(r.entity_id);
      if (!item) continue;
      const text = plainText(r.html);
      out.set(r.id, { title: text.length > 80 ? `${text.slice(0, 79)}…` : text || item.title, url: item.url });
    }
  }
  return out;
};

/** Who wrote each comment (those a robot wrote have no author). */
export const commentAuthors: AuthorLookup = async (ctx, commentIds) => {
  const rows = await scoped(ctx).selectFrom('comment').select(['id', 'author_id']).where('id', 'in', commentIds).where('author_id', 'is not', null).execute();
  return new Map(rows.map((r) => [Number(r.id), Number(r.author_id)]));
};

/** A comment's change is heard by the readers of its item. */
export const commentReaders = (e: DomainEvent) => (e.payload.itemType ? { entityType: String(e.payload.itemType), entityId: Number(e.payload.itemId) } : null);

/** The plain text of the comments on each of `itemIds` (answers included), oldest first, for the portal search. */
export async function commentTexts(ctx: Ctx, type: string, itemIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const items = [...new Set(itemIds)];
  for (let i = 0; i < items.length; i += 500) {
    const rows = await scoped(ctx)
      .selectFrom('comment')
      .select(['entity_id', 'html'])
      .where('entity_type', '=', type)
      .where('entity_id', 'in', items.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const r of rows) out.set(r.entity_id, `${out.get(r.entity_id) ?? ''} ${plainText(r.html)}`);
  }
  return out;
}
