import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import '../engine/schema.js';
import type { MessageRef } from './types.js';

/** More moves than this by automation within the window: robots (or triggers) move the deal in circles. */
export const LOOP_MOVES = 10;
export const LOOP_WINDOW_MS = 10 * 60_000;

export const loopMessage: MessageRef = { key: 'automation.engine.loop' };

/**
 * Called by whatever in automation is about to move a deal to another stage (the «Сменить
 * стадию» robot, a trigger): false when automation has moved it `LOOP_MOVES` times within the
 * last ten minutes — the move must not happen and the robot fails with `loopMessage`.
 * Otherwise the move is counted and true returned. Runs in the caller's transaction.
 */
export async function allowAutomationMove(ctx: Ctx, dealId: number, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - LOOP_WINDOW_MS).toISOString();
  await scoped(ctx).deleteFrom('automation_move').where('deal_id', '=', dealId).where('created_at', '<', since).execute();
  const row = await scoped(ctx)
    .selectFrom('automation_move')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deal_id', '=', dealId)
    .executeTakeFirst();
  if (Number(row?.n ?? 0) >= LOOP_MOVES) return false;
  await scoped(ctx).insertInto('automation_move', { deal_id: dealId, created_at: now.toISOString() }).execute();
  return true;
}
