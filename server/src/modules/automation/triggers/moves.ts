import { automationEvents, type RunStatus } from '@vavilon/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t, type MessageKey } from '../../../platform/i18n/index.js';
import { changeDeal, stageRows, type StageRow } from '../../crm/api.js';
import type { MessageRef } from '../core/types.js';
import { LOOP_MOVES, recentAutomationMoves } from '../core/loops.js';
import type { DealCache, Firing } from './def.js';

/**
 * The key of a firing in the run table, unique with the rule: the event's id, and the deal's
 * when the event is another item's (a task bound to several deals, a company's other deals).
 */
export function firingKey(f: Firing): string {
  const own = f.event.entityType === 'deal' && Number(f.event.entityId) === f.dealId;
  return own ? `t${f.event.id}` : `t${f.event.id}d${f.dealId}`;
}

interface Place {
  stages: StageRow[];
  index: Map<number, number>;
}

/**
 * Moves the deals the batch's triggers fired for, in the order of the events. A deal moves only
 * within its own pipeline, only forward (by the stages' order) unless the trigger allows going
 * back, never out of a success or failure stage and never to the stage it is in; when several
 * triggers fire for one deal on one event, the furthest stage wins. Each move is one run row
 * (done, or failed with the reason), unique per rule and event: a repeat of the batch moves nothing twice.
 */
export async function applyFirings(ctx: Ctx, firings: Firing[], deals: DealCache): Promise<void> {
  if (!firings.length) return;
  await deals.load(firings.map((f) => f.dealId));
  const groups = new Map<string, Firing[]>();
  for (const f of [...firings].sort((a, b) => a.event.id - b.event.id)) {
    const key = `${f.event.id}:${f.dealId}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const places = new Map<number, Place>();
  for (const pipelineId of new Set(firings.map((f) => deals.get(f.dealId)?.pipelineId).filter((p): p is number => p !== undefined))) {
    const stages = await stageRows(ctx, pipelineId);
    places.set(pipelineId, { stages, index: new Map(stages.map((s, i) => [s.id, i])) });
  }
  // The same guard the «Сменить стадию» robot asks: a deal automation keeps moving stops here.
  const moves = await recentAutomationMoves(
    ctx,
    firings.map((f) => f.dealId),
  );

  for (const group of groups.values()) {
    const dealId = group[0]!.dealId;
    const deal = deals.get(dealId);
    if (!deal || deal.stageKind !== 'progress') continue;
    const place = places.get(deal.pipelineId);
    const at = place?.index.get(deal.stageId);
    if (!place || at === undefined) continue;
    let best: { f: Firing; to: number } | null = null;
    for (const f of group) {
      const to = place.index.get(f.rule.stageId);
      if (f.rule.pipelineId !== deal.pipelineId || to === undefined || to === at) continue;
      if (to < at && f.rule.config.allowBackwards !== true) continue;
      if (!best || to > best.to) best = { f, to };
    }
    if (!best) continue;
    const { f } = best;
    const target = place.stages[best.to]!;
    const run = { dealId, pipelineId: deal.pipelineId, stageId: target.id, from: deal.stageId };
    if ((moves.get(dealId) ?? 0) >= LOOP_MOVES) {
      await finishRun(ctx, f, run, 'failed', { key: 'automation.triggers.loop' });
      continue;
    }
    await sql.raw('SAVEPOINT automation_trigger_move').execute(ctx.db);
    try {
      const id = await finishRun(ctx, f, run, 'done', { key: 'automation.triggers.moved', params: { name: f.rule.name } });
      if (id !== null) {
        await changeDeal(ctx, dealId, { stageId: target.id });
        deals.moved(dealId, { stageId: target.id, stageKind: target.kind });
        moves.set(dealId, (moves.get(dealId) ?? 0) + 1);
      }
      await sql.raw('RELEASE SAVEPOINT automation_trigger_move').execute(ctx.db);
    } catch (err) {
      await sql.raw('ROLLBACK TO SAVEPOINT automation_trigger_move').execute(ctx.db);
      await sql.raw('RELEASE SAVEPOINT automation_trigger_move').execute(ctx.db);
      // The CRM refused the move (a required field of the stage, say): the reason goes on the
      // deal's timeline. Anything else is the database's trouble: the batch is tried again.
      if (!(err instanceof AppError)) throw err;
      await finishRun(ctx, f, run, 'failed', { key: 'automation.triggers.failed', params: { name: f.rule.name, reason: reasonOf(ctx, err) } });
    }
  }
}

/**
 * Writes the firing's run, finished, and tells the deal's readers; null when it is written
 * already (another process, or this batch again after a crash, got there first).
 */
async function finishRun(ctx: Ctx, f: Firing, run: { dealId: number; pipelineId: number; stageId: number; from: number }, status: RunStatus, message: MessageRef): Promise<number | null> {
  const at = nowIso();
  const row = await scoped(ctx)
    .insertInto('automation_run', {
      entity_type: 'deal',
      entity_id: run.dealId,
      pipeline_id: run.pipelineId,
      stage_id: run.stageId,
      rule_id: f.rule.id,
      rule_type: f.rule.type,
      rule_name: f.rule.name,
      entry_key: firingKey(f),
      after_run_id: null,
      status,
      due_at: null,
      message_key: message.key,
      message_params: message.params ? JSON.stringify(message.params) : null,
      state: JSON.stringify({ eventId: f.event.id, fromStageId: run.from }),
      created_at: at,
      finished_at: at,
    })
    .onConflict((oc) => oc.columns(['portal_id', 'rule_id', 'entry_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await recordEvent(ctx, automationEvents.runFinished, {
    entityType: 'deal',
    entityId: run.dealId,
    payload: { runId: row.id, ruleId: f.rule.id, status, pipelineId: run.pipelineId, stageId: run.stageId },
  });
  return row.id;
}

/** The CRM's refusal in the portal's words: the fields' messages, or the error's own. */
function reasonOf(ctx: Ctx, err: AppError): string {
  const fields = (err.fields ?? []).map((f) => t(ctx.lang, f.message as MessageKey, f.params));
  return fields.length ? fields.join('; ') : t(ctx.lang, err.messageKey as MessageKey, err.params);
}
