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
  /**
   * An answer to a comment on the same item (else 400 on `parentId`). Threads are one level deep:
   * an answer to an answer is attached to the same top-level comment.
   */
  parentId: Id.optional(),
});
export type CommentInput = z.infer<typeof CommentInput>;

/** An edit: the new text; with `version`, a comment changed since is refused (409). A comment stays where it was written. */
export const CommentUpdate = CommentInput.omit({ parentId: true }).extend({ version: z.number().int().positive().optional() });
export type CommentUpdate = z.infer<typeof CommentUpdate>;

const commentFields = {
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
  /** The top-level comment it answers; null for a top-level comment. */
  parentId: z.number().int().nullable(),
  /** How many answers a top-level comment has (0 for an answer). */
  replyCount: z.number().int(),
};

/** An answer as a top-level comment of a listing carries it. */
export const CommentReply = z.object(commentFields);
export type CommentReply = z.infer<typeof CommentReply>;

export const Comment = z.object({
  ...commentFields,
  /** On the top-level comments of a listing: their last answers (up to 3), oldest first. */
  replies: z.array(CommentReply).optional(),
});
export type Comment = z.infer<typeof Comment>;

export const CommentListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  /** The answers of this comment (of its top-level comment when it is an answer), oldest first, instead of the top-level comments. */
  parentId: IdValue.optional(),
});
/** Top-level comments newest first, or (with `parentId`) one comment's answers oldest first. */
export const CommentPage = z.object({ items: z.array(Comment), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type CommentPage = z.infer<typeof CommentPage>;

const ref = z.number().int();
const written = z.object({
  itemType: z.string(),
  itemId: ref,
  authorId: ref.nullable(),
  mentions: z.array(ref),
  files: z.array(ref),
  /** An answer: the top-level comment it is attached to. */
  parentId: ref.nullable().optional(),
  /** An answer: the authors told of it (`comments.reply`), besides the mentioned ones. */
  replyTo: z.array(ref).optional(),
});

/** Recorded with entity type `comment` and the comment's id; the payload names the item it is written on. */
export const commentsEvents = {
  commentCreated: defineEvent('comments.comment.created', written),
  commentUpdated: defineEvent('comments.comment.updated', written),
  commentDeleted: defineEvent('comments.comment.deleted', z.object({ itemType: z.string(), itemId: ref, authorId: ref.nullable() })),
};
