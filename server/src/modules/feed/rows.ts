import type { FeedPostTable } from './schema.js';

/** A post's row as the module reads it. */
export type PostRow = Omit<FeedPostTable, 'id' | 'portal_id'> & { id: number };
export const POST_COLUMNS = [
  'id',
  'kind',
  'source',
  'source_key',
  'author_id',
  'title',
  'html',
  'text',
  'mentions',
  'files',
  'audience',
  'poll',
  'thanks',
  'link',
  'view_count',
  'read_count',
  'version',
  'created_at',
  'updated_at',
  'edited_at',
] as const;

export const json = <T>(s: string | null, fallback: T): T => {
  if (s === null) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};
