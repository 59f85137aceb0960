import { MAX_REACTIONS_PER_USER, reactionEntityId, reactionsEvents, type ReactionGroup, type ReactionSummary } from '@vavilon/contracts';
import { sql } from 'kysely';
import { checkAccess, requireAccess } from '../../platform/access.js';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import { notify } from '../notifications/api.js';
import { actorsFor, userRefs } from '../users/api.js';
import './schema.js';

/** Reactions to one item within this long come to its author as one notification, updated. */
export const NOTIFY_GROUP_MS = 60 * 60 * 1000;
/** The people listed per emoji by «Кто отреагировал» (the earliest). */
const USERS_PER_EMOJI = 1000;
/** Item ids per statement of the batch reads. */
const CHUNK = 500;

const actorId = (ctx: Ctx): number => {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
};

/** The item must be of a type some module declared reactable and one the actor may read: else 404. */
async function readableItem(ctx: Ctx, type: string, id: number): Promise<void> {
  if (!ctx.sys.registry.reactable(type)) throw errors.notFound();
  await requireAccess(ctx, 'read', type, [id]);
}

/** Most first; ties in the emoji's order (stable across reads, so the chips do not jump). */
const byCount = (a: { emoji: string; count: number }, b: { emoji: string; count: number }) => b.count - a.count || (a.emoji < b.emoji ? -1 : a.emoji > b.emoji ? 1 : 0);

/**
 * The reactions of each of `ids` that has any, most first, with whether the actor is among each
 * emoji's: one grouped statement over the item index (per 500 ids). No rights are checked here:
 * the caller has checked that the actor reads the items.
 */
export async function reactionSummaries(ctx: Ctx, type: string, ids: number[]): Promise<Map<number, ReactionSummary[]>> {
  const out = new Map<number, ReactionSummary[]>();
  const wanted = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647);
  const me = ctx.actor?.userId ?? 0;
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const rows = await scoped(ctx)
      .selectFrom('reaction')
      .select(['entity_id', 'emoji', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`max(case when user_id = ${me} then 1 else 0 end)`.as('mine')])
      .where('entity_type', '=', type)
      .where('entity_id', 'in', wanted.slice(i, i + CHUNK))
      .groupBy(['entity_id', 'emoji'])
      .execute();
    for (const r of rows) {
      const id = Number(r.entity_id);
      const list = out.get(id) ?? [];
      list.push({ emoji: r.emoji, count: Number(r.n), mine: Number(r.mine) === 1 });
      out.set(id, list);
    }
  }
  for (const list of out.values()) list.sort(byCount);
  return out;
}

const summaryOf = async (ctx: Ctx, type: string, id: number): Promise<ReactionSummary[]> => (await reactionSummaries(ctx, type, [id])).get(id) ?? [];

/** An item's reactions, most first (404 when the type takes none or the actor may not read the item). */
export async function listReactions(ctx: Ctx, type: string, id: number): Promise<ReactionSummary[]> {
  await readableItem(ctx, type, id);
  return summaryOf(ctx, type, id);
}

/** Who reacted to an item, by emoji in the order of the summary, each emoji's people earliest first. */
export async function reactionUsers(ctx: Ctx, type: string, id: number): Promise<ReactionGroup[]> {
  await readableItem(ctx, type, id);
  const rows = await scoped(ctx).selectFrom('reaction').select(['emoji', 'user_id']).where('entity_type', '=', type).where('entity_id', '=', id).orderBy('created_at').orderBy('user_id').execute();
  const byEmoji = new Map<string, number[]>();
  for (const r of rows) byEmoji.set(r.emoji, [...(byEmoji.get(r.emoji) ?? []), r.user_id]);
  const shown = [...byEmoji].map(([emoji, users]) => ({ emoji, count: users.length, users: users.slice(0, USERS_PER_EMOJI) })).sort(byCount);
  const refs = await userRefs(
    ctx,
    shown.flatMap((g) => g.users),
  );
  return shown.map((g) => ({ emoji: g.emoji, users: g.users.flatMap((u) => refs.get(u) ?? []) }));
}

/**
 * Adds the actor's reaction with `emoji` to an item they may read; already there, nothing changes.
 * Past the 20th distinct emoji of the actor on the item, 400. A new reaction tells the item's author
 * (one notification per item and hour, updated).
 */
export async function addReaction(ctx: Ctx, type: string, id: number, emoji: string): Promise<ReactionSummary[]> {
  const me = actorId(ctx);
  return transaction(ctx, async (tx) => {
    await readableItem(tx, type, id);
    const mine = (await scoped(tx).selectFrom('reaction').select('emoji').where('entity_type', '=', type).where('entity_id', '=', id).where('user_id', '=', me).execute()).map((r) => r.emoji);
    if (mine.includes(emoji)) return summaryOf(tx, type, id);
    if (mine.length >= MAX_REACTIONS_PER_USER) throw errors.field('emoji', 'reactions.too_many', { max: MAX_REACTIONS_PER_USER });
    const added = await scoped(tx)
      .insertInto('reaction', { entity_type: type, entity_id: id, user_id: me, emoji, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['portal_id', 'entity_type', 'entity_id', 'emoji', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (added) {
      await recordEvent(tx, reactionsEvents.reactionAdded, { entityType: 'reaction', entityId: reactionEntityId(type, id), payload: { itemType: type, itemId: id, emoji, userId: me } });
      await notifyAuthor(tx, type, id, emoji);
    }
    return summaryOf(tx, type, id);
  });
}

/** Takes back the actor's reaction with `emoji` (none: nothing changes). */
export async function removeReaction(ctx: Ctx, type: string, id: number, emoji: string): Promise<ReactionSummary[]> {
  const me = actorId(ctx);
  return transaction(ctx, async (tx) => {
    await readableItem(tx, type, id);
    const r = await scoped(tx).deleteFrom('reaction').where('entity_type', '=', type).where('entity_id', '=', id).where('user_id', '=', me).where('emoji', '=', emoji).executeTakeFirst();
    if (Number(r.numDeletedRows))
      await recordEvent(tx, reactionsEvents.reactionRemoved, { entityType: 'reaction', entityId: reactionEntityId(type, id), payload: { itemType: type, itemId: id, emoji, userId: me } });
    return summaryOf(tx, type, id);
  });
}

/**
 * Deletes every reaction to items being deleted for good, in the caller's transaction; the caller
 * has checked its right to delete them. No event per reaction: the items' deletion is the event.
 */
export async function deleteReactionsOf(ctx: Ctx, type: string, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK)
    await scoped(ctx)
      .deleteFrom('reaction')
      .where('entity_type', '=', type)
      .where('entity_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
}

const ITEM_WORDS: Record<string, MessageKey> = { comment: 'reactions.item_comment', task: 'reactions.item_task', feed_post: 'reactions.item_feed_post' };

/**
 * Tells the item's author (its module's `authorOf`), when that is someone else who may still read
 * it: «Анна Смирнова и ещё 2 отреагировали на ваш комментарий». The reactions within the hour
 * replace the author's unread notification of the item instead of adding more.
 */
async function notifyAuthor(ctx: Ctx, type: string, id: number, emoji: string): Promise<void> {
  const me = actorId(ctx);
  const author = (await ctx.sys.registry.authorOf(ctx, type, [id])).get(id);
  if (author === undefined || author === me) return;
  const actor = (await actorsFor(ctx, [author])).get(author);
  if (!actor) return;
  const as: Ctx = { ...ctx, lang: actor.language, actor };
  if (!(await checkAccess(as, 'read', type, [id])).has(id)) return;
  const item = (await ctx.sys.registry.describe(as, type, [id])).get(id);
  const name = (await userRefs(ctx, [me])).get(me)?.fullName ?? '';
  const reactors = await scoped(ctx)
    .selectFrom('reaction')
    .select(sql<number>`count(distinct user_id)`.as('n'))
    .where('entity_type', '=', type)
    .where('entity_id', '=', id)
    .where('user_id', '!=', author)
    .executeTakeFirstOrThrow();
  const lang = actor.language;
  const others = Number(reactors.n) - 1;
  const params = { name, item: t(lang, Object.hasOwn(ITEM_WORDS, type) ? ITEM_WORDS[type]! : 'reactions.item_other'), n: others };
  await notify(ctx, {
    userId: author,
    kind: 'reactions.reaction',
    title: t(lang, others > 0 ? 'reactions.notify_many' : 'reactions.notify_one', params),
    body: item ? `${emoji} ${item.title}` : emoji,
    url: item?.url ?? null,
    groupKey: `reactions:${type}:${id}`,
    groupWithinMs: NOTIFY_GROUP_MS,
  });
}

/** A reaction is heard by the readers of the item it is on. */
export const reactionReaders = (e: DomainEvent) => (e.payload.itemType ? { entityType: String(e.payload.itemType), entityId: Number(e.payload.itemId) } : null);
