import { z } from 'zod';
import { Id, IdValue } from './common.js';
import { UserRef } from './crm.js';
import { defineEvent } from './events.js';
import { FileInfo } from './files.js';

/**
 * Comments: one capability every module's items share (a CRM deal, a task). An item type is
 * commentable when its module declares it; a comment is read and written by those who may read its item.
 */

/** An entity type in a path: a module's type name (`deal`, `task`). */
export const CommentItemType = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
export const CommentItemParam = z.object({ type: CommentItemType, id: IdValue });
export const CommentIdParam = z.object({ commentId: IdValue });

export const CommentInput = z.object({
  html: z.string().trim().min(1).max(100_000),
  mentions: z.array(Id).max(100).default([]),
  /** Files uploaded through POST /api/files. Left out on an edit: the comment keeps its files. */
  fileIds: z.array(Id).max(20).optional(),
});
export type CommentInput = z.infer<typeof CommentInput>;

/** An edit: the new text; with `version`, a comment changed since is refused (409). */
export const CommentUpdate = CommentInput.extend({ version: z.number().int().positive().optional() });
export type CommentUpdate = z.infer<typeof CommentUpdate>;

export const Comment = z.object({
  id: z.number().int(),
  itemType: z.string(),
  itemId: z.number().int(),
  author: UserRef.nullable(),
  /** Sanitised rich text; mentions are `<span data-mention="<user id>">`. */
  html: z.string(),
  mentions: z.array(z.number().int()),
  files: z.array(FileInfo),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** The actor wrote it or administers the portal: may edit and delete it. */
  canManage: z.boolean(),
});
export type Comment = z.infer<typeof Comment>;

export const CommentListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
/** Newest first. */
export const CommentPage = z.object({ items: z.array(Comment), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type CommentPage = z.infer<typeof CommentPage>;

const ref = z.number().int();
const written = z.object({ itemType: z.string(), itemId: ref, authorId: ref.nullable(), mentions: z.array(ref), files: z.array(ref) });

/** Recorded with entity type `comment` and the comment's id; the payload names the item it is written on. */
export const commentsEvents = {
  commentCreated: defineEvent('comments.comment.created', written),
  commentUpdated: defineEvent('comments.comment.updated', written),
  commentDeleted: defineEvent('comments.comment.deleted', z.object({ itemType: z.string(), itemId: ref, authorId: ref.nullable() })),
};
