export { ReactionBar, type ReactionBarProps, type ReactionBarItemProps, type ReactionBarViewProps } from './ReactionBar';
export { useReactions, loadReactionUsers, reactionKeys, reactionsApi } from './api';
export { EmojiPickerPanel } from './EmojiPickerPanel';
export { LIKE, toggledReactions, visibleChips, type Reaction, type ReactionGroup, type ReactionUser } from './reactions';
export { EMOJIBASE_URL } from './emojibase-path';
