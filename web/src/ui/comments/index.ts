export { AttachButton, FileIdLink, FileLink, UploadChips, fileUrl, formatSize, useUploads, type UploadItem } from './attachments';
export { COMMENT_ATTRS, COMMENT_TAGS, CommentEditor, type CommentDraft, type CommentEditorProps } from './CommentEditor';
export { CommentView, type CommentViewProps } from './CommentView';
export { CommentThread, type CommentThreadProps } from './CommentThread';
export { commentKeys, commentsApi, useCommentMutations, useComments, type Comment, type CommentBody, type CommentPage } from './api';
