/**
 * Reactions for any module's items. A module declares its reactable types in `reactable` of its
 * PortalModule (with their `read` access and `describe`, and `authorOf` for whom to tell); then the
 * routes `/api/reactions/:type/:id` work on its items. Events: `reactionsEvents` of the contracts.
 *
 * `reactionSummaries(ctx, type, ids)`: the reactions of a page of items in one statement, for a
 * list that shows them (the feed, a thread); the caller has checked that the actor reads the items.
 * `deleteReactionsOf(ctx, type, ids)`: with items deleted for good, in the caller's transaction.
 */
export { reactionSummaries, deleteReactionsOf } from './service.js';
