import { crmEvents } from '@vavilon/contracts';
import sanitizeHtml from 'sanitize-html';
import type { z } from 'zod';
import type { CommentInput, TimelineEntry } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { nowIso } from '../../../platform/db/database.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import { notify } from '../../notifications/api.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';
import { parseJson } from '../values.js';
import { actorId } from '../clients/common.js';
import { activeUserIds, actorsFor, userRefs } from '../../users/api.js';
import { itemTitle, readableItem } from './timeline.js';
import { checkAccess } from '../../../platform/access.js';
import { fileInfos, ownFileIds, removeFileLinks, setFileLinks } from '../../files/api.js';

type Entry = z.infer<typeof TimelineEntry>;
type CommentIn = z.infer<typeof CommentInput>;

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

/** Rich text as the server keeps it: only the formatting the editor produces, no scripts or styles. */
export function sanitizeComment(html: string): string {
  return sanitizeHtml(html, ALLOWED).trim();
}

function plainText(html: string): string {
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

function mentionsIn(html: string): number[] {
  return [...html.matchAll(/data-mention="(\d{1,10})"/g)].map((m) => Number(m[1]));
}

interface Prepared {
  html: string;
  mentions: number[];
  files: number[];
}

/**
 * Sanitises the text and checks the mentions: users named in `mentions` must be active
 * employees of the portal; marks in the text naming anyone else are left without effect.
 */
async function prepare(ctx: Ctx, input: CommentIn, keptFiles: number[] = []): Promise<Prepared> {
  const html = sanitizeComment(input.html);
  const fields: FieldError[] = [];
  if (!plainText(html) && !mentionsIn(html).length) fields.push({ field: 'html', message: 'crm.timeline.comment_empty' });
  const wanted = [...new Set([...input.mentions, ...mentionsIn(html)])].filter((n) => n <= 2_147_483_647);
  const ok = await activeUserIds(ctx, wanted);
  input.mentions.forEach((id, i) => {
    if (!ok.has(id)) fields.push({ field: `mentions.${i}`, message: 'crm.timeline.mention_invalid' });
  });
  // Files: the actor's own uploads in this portal, or those the comment already has (on an edit).
  const fileIds = input.fileIds === undefined ? keptFiles : [...new Set(input.fileIds)];
  const own = await ownFileIds(
    ctx,
    fileIds.filter((f) => !keptFiles.includes(f)),
  );
  const present = await fileInfos(ctx, fileIds);
  (input.fileIds ?? []).forEach((f, i) => {
    if (!present.has(f) || (!keptFiles.includes(f) && !own.has(f))) fields.push({ field: `fileIds.${i}`, message: 'crm.timeline.file_invalid' });
  });
  if (fields.length) throw errors.validation(fields);
  return { html, mentions: wanted.filter((id) => ok.has(id)), files: fileIds.filter((f) => present.has(f)) };
}

/** Tells each newly mentioned user, if they may read the item: the notification names it. */
async function notifyMentions(ctx: Ctx, entity: EntityType, item: Record<string, any>, users: number[], text: string): Promise<void> {
  const me = actorId(ctx);
  const targets = users.filter((u) => u !== me);
  if (!targets.length) return;
  const [actors, authors] = await Promise.all([actorsFor(ctx, targets), userRefs(ctx, [me])]);
  const author = authors.get(me)?.fullName ?? '';
  const snippet = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  for (const actor of actors.values()) {
    const as: Ctx = { ...ctx, lang: actor.language, actor };
    if (!(await checkAccess(as, 'read', entity, [item.id])).has(Number(item.id))) continue;
    await notify(ctx, {
      userId: actor.userId,
      kind: 'crm.mention',
      title: t(actor.language, 'crm.timeline.mention_title', { name: author }),
      body: `${itemTitle(entity, item)}: ${snippet}`,
      url: specOf(entity).url(Number(item.id)),
    });
  }
}

async function toEntry(ctx: Ctx, row: { id: number; author_id: number | null; html: string; files: string; created_at: string }): Promise<Entry> {
  const users = await userRefs(ctx, [row.author_id]);
  const ids = parseJson<number[]>(row.files, []);
  const infos = await fileInfos(ctx, ids);
  return {
    kind: 'comment',
    id: row.id,
    author: row.author_id ? (users.get(row.author_id) ?? null) : null,
    html: row.html,
    createdAt: row.created_at,
    files: ids.flatMap((f) => infos.get(f) ?? []),
  };
}

export async function addComment(ctx: Ctx, entity: EntityType, id: number, input: CommentIn): Promise<Entry> {
  const me = actorId(ctx);
  const row = await transaction(ctx, async (tx) => {
    const item = await readableItem(tx, entity, id);
    const c = await prepare(tx, input);
    const now = nowIso();
    const created = await scoped(tx)
      .insertInto('crm_comment', {
        entity_type: entity,
        entity_id: id,
        author_id: me,
        html: c.html,
        files: JSON.stringify(c.files),
        mentions: JSON.stringify(c.mentions),
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'author_id', 'html', 'files', 'created_at'])
      .executeTakeFirstOrThrow();
    await setFileLinks(tx, 'crm_comment', created.id, 'files', c.files);
    await recordEvent(tx, crmEvents.commentCreated, {
      entityType: 'crm_comment',
      entityId: created.id,
      payload: { itemType: entity, itemId: id, authorId: me, mentions: c.mentions, files: c.files },
    });
    await notifyMentions(tx, entity, item, c.mentions, plainText(c.html));
    return created;
  });
  return toEntry(ctx, row);
}

/** A comment the actor may change: on an item they may read, written by them (or they administer the portal). */
async function ownComment(ctx: Ctx, commentId: number) {
  const c = await scoped(ctx).selectFrom('crm_comment').selectAll().where('id', '=', commentId).executeTakeFirst();
  if (!c) throw errors.notFound();
  const item = await readableItem(ctx, c.entity_type, c.entity_id);
  if (c.author_id !== actorId(ctx) && ctx.actor!.role !== 'admin') throw errors.forbidden();
  return { c, item };
}

export async function editComment(ctx: Ctx, commentId: number, input: CommentIn): Promise<Entry> {
  const row = await transaction(ctx, async (tx) => {
    const { c, item } = await ownComment(tx, commentId);
    const p = await prepare(tx, input, parseJson<number[]>(c.files, []));
    await scoped(tx)
      .updateTable('crm_comment')
      .set({ html: p.html, mentions: JSON.stringify(p.mentions), files: JSON.stringify(p.files), updated_at: nowIso() })
      .where('id', '=', commentId)
      .execute();
    await setFileLinks(tx, 'crm_comment', commentId, 'files', p.files);
    const before = parseJson<number[]>(c.mentions, []);
    await recordEvent(tx, crmEvents.commentUpdated, {
      entityType: 'crm_comment',
      entityId: commentId,
      payload: { itemType: c.entity_type, itemId: c.entity_id, authorId: c.author_id, mentions: p.mentions, files: p.files },
      changes: [{ field: 'html', old: c.html, new: p.html }],
    });
    await notifyMentions(
      tx,
      c.entity_type,
      item,
      p.mentions.filter((m) => !before.includes(m)),
      plainText(p.html),
    );
    return { ...c, html: p.html, files: JSON.stringify(p.files) };
  });
  return toEntry(ctx, row);
}

export async function deleteComment(ctx: Ctx, commentId: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const { c } = await ownComment(tx, commentId);
    await removeFileLinks(tx, 'crm_comment', [commentId]);
    await scoped(tx).deleteFrom('crm_comment').where('id', '=', commentId).execute();
    await recordEvent(tx, crmEvents.commentDeleted, {
      entityType: 'crm_comment',
      entityId: commentId,
      payload: { itemType: c.entity_type, itemId: c.entity_id, authorId: c.author_id },
    });
  });
}
