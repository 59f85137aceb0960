import type { z } from 'zod';
import type { Comment, CommentInput, TimelineEntry } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { Commentable } from '../../../platform/registry/registry.js';
import * as comments from '../../comments/api.js';
import { ENTITY_TYPES } from '../rights.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';
import { itemTitle } from './timeline.js';

type Entry = z.infer<typeof TimelineEntry>;

/** A comment as the CRM's timeline shows it among the item's changes. */
export const toEntry = (c: Comment): Entry => ({ kind: 'comment', id: c.id, author: c.author, html: c.html, createdAt: c.createdAt, files: c.files });

/** The CRM's items take comments (the comments module): a mention names the item and links to its card. */
export const crmCommentable: Record<string, Commentable> = Object.fromEntries(
  ENTITY_TYPES.map((entity): [string, Commentable] => [
    entity,
    {
      async title(ctx, ids) {
        const rows = ids.length ? await (scoped(ctx) as any).selectFrom(specOf(entity).table).selectAll().where('id', 'in', ids).execute() : [];
        return new Map(rows.map((r: Record<string, any>) => [Number(r.id), itemTitle(entity, r)]));
      },
      url: (id) => specOf(entity).url(id),
    },
  ]),
);

export async function addComment(ctx: Ctx, entity: EntityType, id: number, input: CommentInput): Promise<Entry> {
  return toEntry(await comments.addComment(ctx, entity, id, input));
}

export async function editComment(ctx: Ctx, commentId: number, input: CommentInput): Promise<Entry> {
  return toEntry(await comments.updateComment(ctx, commentId, input));
}

export async function deleteComment(ctx: Ctx, commentId: number): Promise<void> {
  await comments.deleteComment(ctx, commentId);
}
