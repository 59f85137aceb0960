/**
 * One user's reaction with one emoji to an item of any module (`entity_type` is the module's type
 * name: `comment`, `feed_post`); a user reacts once per emoji per item.
 */
export interface ReactionTable {
  portal_id: number;
  entity_type: string;
  entity_id: number;
  user_id: number;
  emoji: string;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    reaction: ReactionTable;
  }
}
