/**
 * Comments for any module's items. A module declares its commentable types in `commentable` of its
 * PortalModule (title and url of an item) and their `read` access; then these services and the
 * routes `/api/comments/:type/:id` work on its items. Events: `commentsEvents` of the contracts.
 */
export { listComments, latestComments, addComment, updateComment, deleteComment, deleteCommentsOf, commentCounts, commentTexts, type NewComment, type CommentEdit } from './service.js';
