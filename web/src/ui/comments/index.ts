export { AttachButton, FileIdLink, FileLink, UploadChips, fileUrl, formatSize, useUploads, type UploadItem } from './attachments';
export { COMMENT_ATTRS, COMMENT_TAGS, CommentEditor, type CommentDraft, type CommentEditorProps } from './CommentEditor';
export { CommentView, type CommentViewProps } from './CommentView';
export { RichTextView } from './RichTextView';
export { normalizeHref, sanitizeRichHtml } from './rich-html';
export type { EditorToolbarKind } from './editor/EditorToolbar';
export { CommentThread, type CommentThreadProps } from './CommentThread';
export { commentKeys, commentsApi, useCommentMutations, useComments, useReplies, type Comment, type CommentBody, type CommentPage } from './api';
export { AttachSourcesProvider, type AttachPickerProps, type AttachSource } from './attach-sources';
