import type { Generated } from 'kysely';

/** One comment on an item of any module (`entity_type` is the module's type name: `deal`, `task`). */
export interface CommentTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: string;
  entity_id: number;
  /** An answer: the top-level comment of the same item it is attached to; null for a top-level comment. */
  parent_id: number | null;
  author_id: number | null;
  html: string;
  /** JSON: the ids of its files (the author's uploads). */
  files: string;
  /** JSON: the ids of the users it mentions (active employees of the portal). */
  mentions: string;
  created_at: string;
  updated_at: string;
  version: number;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    comment: CommentTable;
  }
}
