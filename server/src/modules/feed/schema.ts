import type { Generated } from 'kysely';

/** A post of the news feed: written by an employee (a message, an important message, a poll, a thanks) or published by a module. */
export interface FeedPostTable {
  id: Generated<number>;
  portal_id: number;
  kind: string;
  /** 1: published by a module from its events. */
  source: number;
  /** A module post's key (`users.joined:12`): one post per key. */
  source_key: string | null;
  author_id: number | null;
  title: string | null;
  html: string;
  /** The plain text, for the feed's search. */
  text: string;
  /** JSON: user ids. */
  mentions: string;
  /** JSON: file ids. */
  files: string;
  /** JSON: the audience as given ([{ type, id }]). */
  audience: string;
  /** JSON: { question, multiple, anonymous, options: [{ id, text }] }. */
  poll: string | null;
  /** JSON: { userIds, badge }. */
  thanks: string | null;
  /** JSON: { url, label } of a module post's item. */
  link: string | null;
  view_count: number;
  read_count: number;
  version: number;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
}

/**
 * Who a post is for, one row per audience key: `A` everyone, `D<id>` a department (and those below
 * it), `G<id>` a group, `U<id>` a person (the author is always among them). A reader's feed is the
 * posts under their keys, newest first.
 */
export interface FeedAudienceTable {
  portal_id: number;
  post_id: number;
  key: string;
  kind: string;
  source: number;
}

/** A post seen by a user: once, when it has been on their screen for a moment. */
export interface FeedViewTable {
  portal_id: number;
  post_id: number;
  user_id: number;
  viewed_at: string;
}

/** «Прочитал» clicked on an important message. */
export interface FeedReadTable {
  portal_id: number;
  post_id: number;
  user_id: number;
  read_at: string;
}

/** A poll's vote: one row per chosen option. */
export interface FeedVoteTable {
  portal_id: number;
  post_id: number;
  user_id: number;
  option_id: number;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    feed_post: FeedPostTable;
    feed_audience: FeedAudienceTable;
    feed_view: FeedViewTable;
    feed_read: FeedReadTable;
    feed_vote: FeedVoteTable;
  }
}
