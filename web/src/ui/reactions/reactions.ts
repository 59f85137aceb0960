/** One emoji's reactions on an item: how many, and whether the current user is among them. */
export interface Reaction {
  emoji: string;
  count: number;
  mine: boolean;
}

export interface ReactionUser {
  id: number;
  fullName: string;
  photoUrl?: string | null;
}

export interface ReactionGroup {
  emoji: string;
  users: ReactionUser[];
}

/** The like is the thumbs-up reaction, shown as «Нравится». */
export const LIKE = '👍';

/** The chips shown: every emoji with reactions, most first (the like among them), ties in the given order. */
export function visibleChips(reactions: Reaction[]): Reaction[] {
  return reactions
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.count > 0)
    .sort((a, b) => b.r.count - a.r.count || a.i - b.i)
    .map(({ r }) => r);
}

/**
 * The reactions after the user toggles `emoji`: theirs taken back (the chip gone at none), or added
 * (a new emoji at the end). What the page shows at once, before the server answers.
 */
export function toggledReactions(reactions: Reaction[], emoji: string): Reaction[] {
  const at = reactions.find((r) => r.emoji === emoji);
  if (!at) return [...reactions, { emoji, count: 1, mine: true }];
  return reactions.map((r) => (r.emoji !== emoji ? r : r.mine ? { ...r, count: r.count - 1, mine: false } : { ...r, count: r.count + 1, mine: true })).filter((r) => r.count > 0);
}

/** The picker's language from the portal's (frimousse has both). */
export function pickerLocale(language: string): 'ru' | 'en' {
  return language.startsWith('en') ? 'en' : 'ru';
}
