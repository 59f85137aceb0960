import { triggerConfigs } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { MessageRef } from './types.js';

/** More moves than this by automation within the window: robots (or triggers) move the deal in circles. */
export const LOOP_MOVES = 10;
export const LOOP_WINDOW_MS = 10 * 60_000;

export const loopMessage: MessageRef = { key: 'automation.engine.loop' };

/** The rules whose done runs are moves of a deal: the «Сменить стадию» robot and every trigger (the triggers' own guard counts the same). */
export const MOVER_TYPES = ['stage.change', ...Object.keys(triggerConfigs)];

/** How many times automation moved each of the deals within the window (its done runs of `MOVER_TYPES`): one statement for a batch. */
export async function recentAutomationMoves(ctx: Ctx, dealIds: number[], now = new Date()): Promise<Map<number, number>> {
  if (!dealIds.length) return new Map();
  const since = new Date(now.getTime() - LOOP_WINDOW_MS).toISOString();
  const rows = await scoped(ctx)
    .selectFrom('automation_run')
    .select((eb) => ['entity_id', eb.fn.countAll<number>().as('n')])
    .where('entity_type', '=', 'deal')
    .where('entity_id', 'in', [...new Set(dealIds)])
    .where('status', '=', 'done')
    .where('rule_type', 'in', MOVER_TYPES)
    .where('created_at', '>=', since)
    .groupBy('entity_id')
    .execute();
  return new Map(rows.map((r) => [r.entity_id, Number(r.n)]));
}

/**
 * Asked by whatever in automation is about to move a deal to another stage: false when
 * automation has moved it `LOOP_MOVES` times within the last ten minutes — the move must not
 * happen and the robot fails with `loopMessage`.
 */
export async function allowAutomationMove(ctx: Ctx, dealId: number, now = new Date()): Promise<boolean> {
  return ((await recentAutomationMoves(ctx, [dealId], now)).get(dealId) ?? 0) < LOOP_MOVES;
}
