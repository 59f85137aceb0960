/**
 * A preview of a stored content: one row per content (its sha256, whatever file or portal names it)
 * and kind. The image itself is a content of the store (`preview_sha256`). No row yet: the job has
 * not run; `failed` (a corrupt or oversized input) and `unsupported` (no renderer here) are final.
 */
export interface FilePreviewTable {
  sha256: string;
  kind: 'thumb' | 'view';
  status: 'ready' | 'failed' | 'unsupported';
  preview_sha256: string | null;
  width: number | null;
  height: number | null;
  /** Why it failed, for the logs and an administrator; never sent to clients. */
  error: string | null;
  created_at: string;
}

/** A content's text for search: `ready` with the text, `none` (no text in it: a scan, a binary), `failed`. */
export interface FileTextTable {
  sha256: string;
  status: 'ready' | 'none' | 'failed';
  text: string;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    file_preview: FilePreviewTable;
    file_text: FileTextTable;
  }
}
