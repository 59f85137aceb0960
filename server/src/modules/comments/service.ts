import { commentsEvents, type Comment, type CommentInput, type CommentPage, type CommentUpdate } from '@vavilon/contracts';
import { checkAccess, requireAccess, type AccessChecker } from '../../platform/access.js';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { t } from '../../platform/i18n/index.js';
import { mentionsIn, plainText, sanitizeRichText } from '../../platform/rich-text.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { fileInfos, ownFileIds, removeFileLinks, setFileLinks } from '../files/api.js';
import { notify } from '../notifications/api.js';
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

/** Tells each newly mentioned user who may read the item: the notification names the item and links to it. */
async function notifyMentions(ctx: Ctx, type: string, itemId: number, users: number[], html: string): Promise<void> {
  const me = actorId(ctx);
  const targets = users.filter((u) => u !== me);
  if (!targets.length) return;
  const [actors, authors] = await Promise.all([actorsFor(ctx, targets), userRefs(ctx, [me])]);
  const author = authors.get(me)?.fullName ?? '';
  const text = plainText(html);
  const snippet = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  for (const actor of actors.values()) {
    const as: Ctx = { ...ctx, lang: actor.language, actor };
    if (!(await checkAccess(as, 'read', type, [itemId])).has(itemId)) continue;
    const item = (await ctx.sys.registry.describe(as, type, [itemId])).get(itemId);
    await notify(ctx, {
      userId: actor.userId,
      kind: 'comments.mention',
      title: t(actor.language, 'comments.mention_title', { name: author }),
      body: `${item?.title ?? `#${itemId}`}: ${snippet}`,
      url: item?.url ?? null,
    });
  }
}

/** Comments as the API gives them: authors and files resolved in one batch each. */
async function toComments(ctx: Ctx, rows: Row[]): Promise<Comment[]> {
  const files = new Map(rows.map((r) => [r.id, ids(r.files)]));
  const [users, infos] = await Promise.all([
    userRefs(
      ctx,
      rows.map((r) => r.author_id),
    ),
    fileInfos(ctx, [...files.values()].flat()),
  ]);
  const me = ctx.actor?.userId;
  const admin = ctx.actor?.role === 'admin';
  return rows.map((r) => ({
    id: Number(r.id),
    itemType: r.entity_type,
    itemId: Number(r.entity_id),
    author: r.author_id ? (users.get(r.author_id) ?? null) : null,
    html: r.html,
    mentions: ids(r.mentions),
    files: (files.get(r.id) ?? []).flatMap((f) => infos.get(f) ?? []),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
    canManage: admin || (me !== undefined && r.author_id === me),
  }));
}

const COLUMNS = ['id', 'entity_type', 'entity_id', 'author_id', 'html', 'files', 'mentions', 'created_at', 'updated_at', 'version'] as const;

/** An item's comments, newest first, a page at a time (404 when the actor may not read the item). */
export async function listComments(ctx: Ctx, type: string, id: number, opts: { page?: number; pageSize?: number } = {}): Promise<CommentPage> {
  await readableItem(ctx, type, id);
  const page = opts.page ?? 1;
  const pageSize = opts.pageSize ?? 20;
  const base = scoped(ctx).selectFrom('comment').where('entity_type', '=', type).where('entity_id', '=', id);
  const [rows, count] = await Promise.all([
    base
      .select([...COLUMNS])
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await toComments(ctx, rows), total: Number(count.n), page, pageSize };
}

/**
 * Writes a comment on an item the actor may read; mentioned readers of the item are notified in
 * the same write. A system ctx (a robot) writes without an author: the item's timeline shows «Робот».
 */
export async function addComment(ctx: Ctx, type: string, id: number, input: NewComment): Promise<Comment> {
  const me = !ctx.actor && ctx.system ? null : actorId(ctx);
  const row = await transaction(ctx, async (tx) => {
    await readableItem(tx, type, id);
    const p = await prepare(tx, input);
    const now = nowIso();
    const created = await scoped(tx)
      .insertInto('comment', {
        entity_type: type,
        entity_id: id,
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
    await recordEvent(tx, commentsEvents.commentCreated, {
      entityType: 'comment',
      entityId: created.id,
      payload: { itemType: type, itemId: id, authorId: me, mentions: p.mentions, files: p.files },
    });
    if (me !== null) await notifyMentions(tx, type, id, p.mentions, p.html);
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

/** Deletes a comment (its author or an administrator) and its file links. */
export async function deleteComment(ctx: Ctx, commentId: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const { row } = await ownComment(tx, commentId);
    await removeFileLinks(tx, 'comment', [commentId]);
    await scoped(tx).deleteFrom('comment').where('id', '=', commentId).execute();
    await recordEvent(tx, commentsEvents.commentDeleted, {
      entityType: 'comment',
      entityId: commentId,
      payload: { itemType: row.entity_type, itemId: row.entity_id, authorId: row.author_id },
    });
  });
}

/**
 * Deletes every comment of items being deleted, and their file links, in the caller's
 * transaction; the caller has checked its right to delete the items. No event per comment:
 * the items' deletion is the event.
 */
export async function deleteCommentsOf(ctx: Ctx, type: string, itemIds: number[]): Promise<void> {
  for (let i = 0; i < itemIds.length; i += 500) {
    const chunk = itemIds.slice(i, i + 500);
    const of = scoped(ctx).selectFrom('comment').select('id').where('entity_type', '=', type).where('entity_id', 'in', chunk);
    await scoped(ctx).deleteFrom('file_link').where('entity_type', '=', 'comment').where('entity_id', 'in', of).execute();
    await scoped(ctx).deleteFrom('comment').where('entity_type', '=', type).where('entity_id', 'in', chunk).execute();
  }
}

/**
 * How many comments each item has, for the items among `itemIds` the actor may read (the others
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

/** A comment's change is heard by the readers of its item. */
export const commentReaders = (e: DomainEvent) => (e.payload.itemType ? { entityType: String(e.payload.itemType), entityId: Number(e.payload.itemId) } : null);
