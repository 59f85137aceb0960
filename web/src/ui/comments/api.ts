import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Comment, CommentPage } from '@vavilon/contracts';
import { api } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';
import type { CommentDraft } from './CommentEditor';

export type { Comment, CommentPage };

/** What the comment routes take: the editor's draft; on an edit, `fileIds` left out keeps the files; `parentId` writes an answer. */
export type CommentBody = { html: string; mentions: number[]; fileIds?: number[]; parentId?: number };

/** Query keys of the comments of items; a prefix stands for every query under it. */
export const commentKeys = {
  all: ['comments'] as const,
  of: (itemType: string, itemId: number) => ['comments', itemType, itemId] as const,
  replies: (itemType: string, itemId: number, parentId: number) => ['comments', itemType, itemId, 'replies', parentId] as const,
};

// A comment written, changed or deleted by someone else (heard only by the item's readers) refreshes the threads on screen.
onEntityChanged('comment', () => [commentKeys.all]);

const PAGE_SIZE = 20;
const REPLIES_PAGE_SIZE = 50;

/** The generic routes of an item's comments: `/api/comments/:type/:id` and `/api/comments/item/:commentId`. */
export const commentsApi = {
  list: (itemType: string, itemId: number, page: number, pageSize = PAGE_SIZE, signal?: AbortSignal) => api.get<CommentPage>(`/api/comments/${itemType}/${itemId}`, { page, pageSize }, signal),
  /** A comment's answers, oldest first. */
  replies: (itemType: string, itemId: number, parentId: number, page: number, pageSize = REPLIES_PAGE_SIZE, signal?: AbortSignal) =>
    api.get<CommentPage>(`/api/comments/${itemType}/${itemId}`, { parentId, page, pageSize }, signal),
  add: (itemType: string, itemId: number, body: CommentBody) => api.post<Comment>(`/api/comments/${itemType}/${itemId}`, body),
  edit: (commentId: number, body: CommentBody & { version?: number }) => api.patch<Comment>(`/api/comments/item/${commentId}`, body),
  remove: (commentId: number) => api.delete<{ ok: true }>(`/api/comments/item/${commentId}`),
};

/** An item's comments, newest first, a page at a time («Показать ещё» fetches the next). */
export function useComments(itemType: string, itemId: number, pageSize = PAGE_SIZE) {
  return useInfiniteQuery({
    queryKey: [...commentKeys.of(itemType, itemId), pageSize],
    queryFn: ({ pageParam, signal }) => commentsApi.list(itemType, itemId, pageParam, pageSize, signal),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    enabled: itemId > 0,
  });
}

/** A comment's answers, oldest first, a page at a time; asked for only once `enabled` («Показать ещё ответы»). */
export function useReplies(itemType: string, itemId: number, parentId: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: commentKeys.replies(itemType, itemId, parentId),
    queryFn: ({ pageParam, signal }) => commentsApi.replies(itemType, itemId, parentId, pageParam, REPLIES_PAGE_SIZE, signal),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    enabled: enabled && itemId > 0,
  });
}

/**
 * Writing, editing and deleting comments through the generic routes; `also` are query keys that
 * show the comments too (a CRM timeline) and are refreshed with the item's threads.
 */
export function useCommentMutations(itemType: string, itemId: number, also: readonly (readonly unknown[])[] = []) {
  const qc = useQueryClient();
  const done = () => {
    for (const queryKey of [commentKeys.of(itemType, itemId), ...also]) void qc.invalidateQueries({ queryKey });
  };
  return {
    add: useMutation({ mutationFn: (c: (CommentDraft & { parentId?: number }) | CommentBody) => commentsApi.add(itemType, itemId, c), onSuccess: done }),
    edit: useMutation({ mutationFn: ({ commentId, ...body }: CommentBody & { commentId: number; version?: number }) => commentsApi.edit(commentId, body), onSuccess: done }),
    remove: useMutation({ mutationFn: (commentId: number) => commentsApi.remove(commentId), onSuccess: done }),
  };
}
