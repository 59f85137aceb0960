import { z } from 'zod';
import { IdValue } from './common.js';
import { UserRef } from './crm.js';
import { defineEvent } from './events.js';

/**
 * Reactions: likes and emoji on any item a module declares `reactable` (a post of the feed, a
 * comment, a task). Reading and reacting need the right to read the item.
 */

/** An entity type in a path: a module's type name (`comment`, `feed_post`). */
export const ReactionItemType = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
export const ReactionItemParam = z.object({ type: ReactionItemType, id: IdValue });

/** One picture of an emoji, its skin tone, variation selectors and ZWJ joins («👍🏽», «❤️», «👩‍💻», «🇷🇺», «#️⃣»). */
const PICTURE = String.raw`(?:\p{Extended_Pictographic}|\p{Emoji_Presentation})(?:\p{Emoji_Modifier}|\uFE0F|\u20E3|[\u{E0020}-\u{E007F}])*`;
const EMOJI = new RegExp(String.raw`^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|${PICTURE}(?:\u200D${PICTURE})*)$`, 'u');

/** Whether a text is exactly one emoji (as the reaction routes take it). */
export const isReactionEmoji = (s: string): boolean => s.length <= 32 && EMOJI.test(s);

/** One emoji, at most 32 characters; anything else is refused with `reactions.emoji_invalid`. */
export const ReactionEmoji = z.string().max(32, 'reactions.emoji_invalid').regex(EMOJI, 'reactions.emoji_invalid');

export const ReactionInput = z.object({ emoji: ReactionEmoji });
export type ReactionInput = z.infer<typeof ReactionInput>;
/** `DELETE /api/reactions/:type/:id?emoji=👍`: takes back the actor's reaction with this emoji. */
export const ReactionRemoveQuery = z.object({ emoji: ReactionEmoji });

/** One emoji's reactions on an item: how many, and whether the actor is among them. */
export const ReactionSummary = z.object({ emoji: z.string(), count: z.number().int(), mine: z.boolean() });
export type ReactionSummary = z.infer<typeof ReactionSummary>;

/** Who reacted with one emoji (for «Кто отреагировал»), earliest first. */
export const ReactionGroup = z.object({ emoji: z.string(), users: z.array(UserRef) });
export type ReactionGroup = z.infer<typeof ReactionGroup>;

/** An item's reactions, most first (ties: the emoji first used first). */
export const ReactionSummaries = z.array(ReactionSummary);
export const ReactionGroups = z.array(ReactionGroup);

/** The most distinct emoji one user may leave on one item. */
export const MAX_REACTIONS_PER_USER = 20;

const reacted = z.object({ itemType: z.string(), itemId: z.number().int(), emoji: z.string(), userId: z.number().int() });

/**
 * Recorded with entity type `reaction` and the id `<itemType>:<itemId>` (a page refreshes that item's
 * reactions); heard on the socket only by those who may read the item.
 */
export const reactionsEvents = {
  reactionAdded: defineEvent('reactions.reaction.added', reacted),
  reactionRemoved: defineEvent('reactions.reaction.removed', reacted),
};

/** The event's entity id for an item: `comment:12`. */
export const reactionEntityId = (itemType: string, itemId: number): string => `${itemType}:${itemId}`;
