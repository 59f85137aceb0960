import type { z } from 'zod';
import type { Comment, CommentInput, TimelineEntry } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import * as comments from '../../comments/api.js';
import type { EntityType } from '../schema.js';

type Entry = z.infer<typeof TimelineEntry>;

/** A comment as the CRM's timeline shows it among the item's changes. */
export const toEntry = (c: Comment): Entry => ({ kind: 'comment', id: c.id, author: c.author, html: c.html, createdAt: c.createdAt, files: c.files });

export async function addComment(ctx: Ctx, entity: EntityType, id: number, input: CommentInput): Promise<Entry> {
  return toEntry(await comments.addComment(ctx, entity, id, input));
}

export async function editComment(ctx: Ctx, commentId: number, input: CommentInput): Promise<Entry> {
  return toEntry(await comments.updateComment(ctx, commentId, input));
}

export async function deleteComment(ctx: Ctx, commentId: number): Promise<void> {
  await comments.deleteComment(ctx, commentId);
}
