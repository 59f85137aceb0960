import type { Job, JobHandler } from '../../../platform/jobs/jobs.js';
import type { Platform } from '../../../platform/platform.js';
import { lockForUpdate, systemCtx, transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { DealSnapshot } from '../../crm/api.js';
import { evaluateCondition } from '../fields/conditions.js';
import { errorMessage, parseConfig } from '../core/execute.js';
import { RobotRetry, type LoadedRule, type RobotDef } from '../core/types.js';
import { robotDef } from '../robots/index.js';
import { EngineTx, finishRun, runNow, type RunOutcome, type RunRow } from './runs.js';

/** An external robot's tries before its run fails (the job's own limit is five). */
export const EXTERNAL_TRIES = 4;

function lockedRun(ctx: Ctx, runId: number) {
  return lockForUpdate(ctx, scoped(ctx).selectFrom('automation_run').selectAll().where('id', '=', runId)).executeTakeFirst();
}

interface ExternalCall {
  run: RunRow;
  rule: LoadedRule;
  def: RobotDef;
  deal: DealSnapshot;
  config: unknown;
}

/**
 * The job of one run (`automation.run` {runId, due}): a delayed robot whose time came, an
 * external one, a waiting one at its time limit. The run's row, locked, is the guard: a repeat
 * of the job (after a crash, on another process) finds it no longer open and does nothing, and
 * a job made for an older due time than the run's is passed over. An external robot (a webhook)
 * is called between two transactions, never inside one; a try worth repeating is thrown back to
 * the job runner, and the last one fails the run with its reason.
 */
export function runJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const runId = Number(job.payload.runId);
    const due = typeof job.payload.due === 'string' ? job.payload.due : null;
    const portal = job.portalId === null ? null : await platform.portals.byId(job.portalId);
    if (!portal || !Number.isInteger(runId)) return;
    const base = systemCtx({ db: platform.db, sys: platform.sys }, portal, { requestId: `job:${job.id}` });

    const external = await transaction(base, async (ctx): Promise<ExternalCall | null> => {
      const e = new EngineTx(ctx);
      const run = await lockedRun(ctx, runId);
      if (!run || (run.status !== 'scheduled' && run.status !== 'waiting')) return null;
      if (due !== null && run.due_at !== null && new Date(run.due_at).getTime() !== new Date(due).getTime()) return null;
      const rule = await e.rule(run.rule_id);
      const def = rule ? robotDef(rule.type) : undefined;
      if (run.status === 'waiting') {
        await runNow(e, run, undefined, { resume: true, timedOut: true });
      } else if (!def?.external || !rule) {
        await runNow(e, run);
      } else {
        const deal = await e.deal(run.entity_id);
        const cfg = parseConfig(rule);
        let outcome: RunOutcome | null = null;
        if (!deal) outcome = { status: 'cancelled', message: { key: 'automation.engine.deal_gone' } };
        else if (deal.stageId !== run.stage_id) outcome = { status: 'cancelled', message: { key: 'automation.engine.left_stage' } };
        else if (!cfg.ok) outcome = { status: 'failed', message: cfg.message };
        else if (!(await evaluateCondition(ctx, deal, rule.condition))) outcome = { status: 'skipped', message: { key: 'automation.engine.condition_false' } };
        if (outcome) await finishRun(e, run, outcome);
        else return { run, rule, def, deal: deal!, config: (cfg as { config: unknown }).config };
      }
      await e.flush();
      return null;
    });
    if (!external) return;

    // Outside any transaction: the call may take its time without holding the database.
    let outcome: RunOutcome;
    try {
      const { run, rule, def, deal, config } = external;
      outcome = await def.run({ ctx: base, rule, config: config as never, run: { id: run.id, entryKey: run.entry_key, state: run.state ? JSON.parse(run.state) : null }, deal, dryRun: false });
    } catch (err) {
      if (err instanceof RobotRetry && job.attempts < EXTERNAL_TRIES) throw err;
      outcome = { status: 'failed', message: errorMessage(err) };
    }
    await transaction(base, async (ctx) => {
      const e = new EngineTx(ctx);
      const run = await lockedRun(ctx, runId);
      if (!run || run.status !== 'scheduled') return;
      await finishRun(e, run, outcome);
      await e.flush();
    });
  };
}
