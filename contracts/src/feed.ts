import { z } from 'zod';
import { Id, IdValue } from './common.js';
import { Comment } from './comments.js';
import { UserRef } from './crm.js';
import { defineEvent } from './events.js';
import { FileInfo } from './files.js';

/**
 * The news feed («Новости»), the portal's «Главная»: posts to everyone, departments, groups or people;
 * important messages, polls and thanks; posts that other modules publish (a new employee, an event
 * for the whole company) as kinds of their own.
 */

/** The kinds an employee writes; module posts have kinds of their own (`users.joined`, `calendar.event`). */
export const FeedPostKind = z.enum(['message', 'important', 'poll', 'thanks']);
export type FeedPostKind = z.infer<typeof FeedPostKind>;

/** Who a post is for: everyone, a department (with the departments below it), a group, a person. */
export const AudienceItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('department'), id: Id }),
  z.object({ type: z.literal('group'), id: Id }),
  z.object({ type: z.literal('user'), id: Id }),
]);
export type AudienceItem = z.infer<typeof AudienceItem>;
/** An audience item as a chip shows it. */
export const AudienceChip = z.object({ type: z.enum(['all', 'department', 'group', 'user']), id: z.number().int().nullable(), name: z.string() });
export type AudienceChip = z.infer<typeof AudienceChip>;

/** The badges of a thanks, as Bitrix24 has them. */
export const ThanksBadge = z.enum(['thanks', 'heart', 'cup', 'star', 'rocket', 'flower']);
export type ThanksBadge = z.infer<typeof ThanksBadge>;

export const PollInput = z.object({
  question: z.string().trim().min(1).max(500),
  options: z.array(z.string().trim().min(1).max(200)).min(2).max(20),
  multiple: z.boolean().default(false),
  anonymous: z.boolean().default(false),
});
export type PollInput = z.infer<typeof PollInput>;

export const FeedPostInput = z.object({
  kind: FeedPostKind.default('message'),
  title: z.string().trim().max(300).optional(),
  /** Rich text (sanitised on the server); mentions are `<span data-mention="<user id>">`. */
  html: z.string().max(200_000),
  mentions: z.array(Id).max(100).default([]),
  /** Files uploaded through POST /api/files. */
  fileIds: z.array(Id).max(20).default([]),
  audience: z.array(AudienceItem).max(200),
  poll: PollInput.optional(),
  thanks: z.object({ userIds: z.array(Id).min(1).max(20), badge: ThanksBadge.default('thanks') }).optional(),
});
export type FeedPostInput = z.input<typeof FeedPostInput>;

/** An edit by the author or an administrator: the text, files and audience; a post changed since (`version`) is refused (409). */
export const FeedPostUpdate = z.object({
  version: Id,
  title: z.string().trim().max(300).optional(),
  html: z.string().max(200_000),
  mentions: z.array(Id).max(100).default([]),
  fileIds: z.array(Id).max(20).optional(),
  audience: z.array(AudienceItem).max(200).optional(),
});
export type FeedPostUpdate = z.input<typeof FeedPostUpdate>;

export const ReactionCount = z.object({ emoji: z.string(), count: z.number().int(), mine: z.boolean() });

export const PollOption = z.object({ id: z.number().int(), text: z.string(), votes: z.number().int().nullable() });
export const Poll = z.object({
  question: z.string(),
  multiple: z.boolean(),
  anonymous: z.boolean(),
  /** The votes of each option show once the viewer has voted (or wrote the poll). */
  options: z.array(PollOption),
  voters: z.number().int(),
  myChoices: z.array(z.number().int()),
});

export const FeedPost = z.object({
  id: z.number().int(),
  kind: z.string(),
  /** Published by a module (a new employee, an event for everyone), not written by someone. */
  source: z.boolean(),
  author: UserRef.nullable(),
  title: z.string().nullable(),
  html: z.string(),
  mentions: z.array(z.number().int()),
  files: z.array(FileInfo),
  audience: z.array(AudienceChip),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When the text was last changed after publishing. */
  editedAt: z.string().nullable(),
  version: z.number().int(),
  viewCount: z.number().int(),
  commentCount: z.number().int(),
  /** The latest comments (oldest first among them). */
  comments: z.array(Comment),
  reactions: z.array(ReactionCount),
  /** The viewer may edit and delete it (its author or an administrator). */
  canManage: z.boolean(),
  /** An important message: whether the viewer has clicked «Прочитал», and how many have. */
  important: z.object({ read: z.boolean(), readCount: z.number().int() }).nullable(),
  poll: Poll.nullable(),
  thanks: z.object({ users: z.array(UserRef), badge: ThanksBadge }).nullable(),
  /** A module post's link to its item. */
  link: z.object({ url: z.string(), label: z.string() }).nullable(),
});
export type FeedPost = z.infer<typeof FeedPost>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Flag = z.preprocess((v) => v === 'true' || v === '1' || v === true, z.boolean());

export const FeedQuery = z.object({
  filter: z.enum(['all', 'mine', 'important']).default('all'),
  authorId: IdValue.optional(),
  groupId: IdValue.optional(),
  from: Day.optional(),
  to: Day.optional(),
  q: z.string().trim().max(200).optional(),
  /** Leave out the posts modules publish. */
  hideSources: Flag.default(false),
  /** The id of the last post of the previous page. */
  cursor: IdValue.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type FeedQuery = z.input<typeof FeedQuery>;

export const FeedPage = z.object({
  /** Important messages the viewer has not read yet (first page only). */
  pinned: z.array(FeedPost),
  items: z.array(FeedPost),
  nextCursor: z.number().int().nullable(),
});
export type FeedPage = z.infer<typeof FeedPage>;

export const FeedPostParam = z.object({ postId: IdValue });
export const FeedViewsInput = z.object({ postIds: z.array(Id).min(1).max(100) });
export const FeedViewsResult = z.object({ recorded: z.number().int() });
/** A page of a list of people (who viewed, who has or has not read): `offset` from the start, at most `limit`. */
export const PeoplePageQuery = z.object({ offset: z.coerce.number().int().min(0).max(1_000_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const FeedViewers = z.object({ total: z.number().int(), items: z.array(z.object({ user: UserRef, viewedAt: z.string() })), nextOffset: z.number().int().nullable() });
export type FeedViewers = z.infer<typeof FeedViewers>;
/** Who has read an important message (by when they read it) or has not yet (by name), a page of one list with both counts. */
export const ImportantReadersQuery = PeoplePageQuery.extend({ list: z.enum(['read', 'unread']).default('read') });
export const ImportantReaders = z.object({
  readCount: z.number().int(),
  unreadCount: z.number().int(),
  items: z.array(z.object({ user: UserRef, readAt: z.string().nullable() })),
  nextOffset: z.number().int().nullable(),
});
export type ImportantReaders = z.infer<typeof ImportantReaders>;
export const PollVoteInput = z.object({ optionIds: z.array(Id).min(1).max(20) });
export const ThanksList = z.object({ items: z.array(z.object({ postId: z.number().int(), badge: ThanksBadge, from: UserRef.nullable(), createdAt: z.string(), text: z.string() })) });
export type ThanksList = z.infer<typeof ThanksList>;

const ref = z.number().int();
const posted = z.object({ kind: z.string(), authorId: ref.nullable(), audience: z.array(z.string()) });

/** Recorded with entity type `feed_post`; `audience` holds its keys (`A`, `D1`, `G2`, `U3`). */
export const feedEvents = {
  postCreated: defineEvent('feed.post.created', posted),
  postUpdated: defineEvent('feed.post.updated', posted),
  postDeleted: defineEvent('feed.post.deleted', posted),
};
