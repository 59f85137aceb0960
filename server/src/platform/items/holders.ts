import type { Kysely } from 'kysely';
import type { Ctx } from '../context.js';

/** What every holder took of one item, by the holder's name: the part of a trashed item's snapshot that puts its rows back. */
export type Held = Record<string, unknown>;

/**
 * Takes out what every registered holder keeps of the items (`ids` of `kind`), in the caller's
 * transaction: the item's activities, comments, file and task links go with it to the trash.
 * Answers, for each id, what puts its rows back; an item nobody held anything of answers `{}`.
 */
export async function detachAll(ctx: Ctx, kind: string, ids: number[]): Promise<Record<number, Held>> {
  const out: Record<number, Held> = Object.fromEntries(ids.map((id) => [id, {}]));
  if (!ids.length) return out;
  for (const h of ctx.sys.registry.holders(kind)) {
    const taken = await h.detach(ctx, kind, ids);
    for (const [id, held] of Object.entries(taken)) if (held !== null && held !== undefined && out[Number(id)]) out[Number(id)][h.name] = held;
  }
  return out;
}

/** Puts back what `detachAll` took of one item, once the item's own row is back (a holder no longer registered is skipped). */
export async function reattachAll(ctx: Ctx, kind: string, id: number, held: Held): Promise<void> {
  for (const h of ctx.sys.registry.holders(kind)) {
    if (Object.hasOwn(held, h.name)) await h.reattach(ctx, kind, id, held[h.name]);
  }
}

/** A merge: every holder moves what it keeps of `fromIds` onto `toId`, in the caller's transaction. */
export async function moveAll(ctx: Ctx, kind: string, fromIds: number[], toId: number): Promise<void> {
  const from = [...new Set(fromIds)].filter((id) => id !== toId);
  if (!from.length) return;
  for (const h of ctx.sys.registry.holders(kind)) await h.move(ctx, kind, from, toId);
}

/** Trashed items go for good (`helds`: what `detachAll` took of each): every holder drops what only those snapshots still name. */
export async function forgetAll(ctx: Ctx, kind: string, helds: Held[]): Promise<void> {
  for (const h of ctx.sys.registry.holders(kind)) {
    if (!h.forget) continue;
    const mine = helds.filter((held) => Object.hasOwn(held, h.name)).map((held) => held[h.name]);
    if (mine.length) await h.forget(ctx, kind, mine);
  }
}

/**
 * Of the rows a holder took out, those that may go back under their own ids: an id is a key of the
 * whole table, so one since taken by any portal's row is left out (a portal-scoped look would miss it
 * and the insert would fail). `table` is the holder's own table with an integer `id`.
 */
export async function stillFree<R extends { id: number }>(ctx: Ctx, table: string, rows: R[]): Promise<R[]> {
  if (!rows.length) return rows;
  const db = ctx.db as unknown as Kysely<Record<string, { id: number }>>;
  const taken = new Set(
    (
      await db
        .selectFrom(table)
        .select('id')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    ).map((r) => Number(r.id)),
  );
  return rows.filter((r) => !taken.has(r.id));
}
