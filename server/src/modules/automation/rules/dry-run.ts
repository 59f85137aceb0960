import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DryRunResult } from '@vavilon/contracts';
import { systemCtx, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import { changeDeal, dealSnapshot, fieldDefs, findPipeline, stageRows } from '../../crm/api.js';
import type { LoadedRule, MessageRef } from '../core/types.js';
import { executeRule } from '../core/execute.js';
import { requireConfigure } from './access.js';
import { stageRules } from './store.js';

type Step = DryRunResult['steps'][number];

/** Carries the steps out of the transaction it rolls back. */
class RolledBack extends Error {
  constructor(readonly steps: Step[]) {
    super('dry run');
  }
}

function errorText(lang: Ctx['lang'], err: unknown): string {
  if (err instanceof AppError) {
    const main = t(lang, err.messageKey, err.params);
    const fields = (err.fields ?? []).map((f) => t(lang, f.message, f.params));
    return fields.length ? `${main}: ${fields.join('; ')}` : main;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Runs `fn` in a savepoint: a failing robot takes back only its own writes, as in the engine. */
async function inSavepoint<T>(tx: Ctx, name: string, fn: () => Promise<T>): Promise<T> {
  await sql.raw(`SAVEPOINT ${name}`).execute(tx.db);
  try {
    const out = await fn();
    await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(tx.db);
    return out;
  } catch (err) {
    await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(tx.db);
    await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(tx.db);
    throw err;
  }
}

/**
 * «Проверить на сделке»: the stage's robots run on the deal as they would — in their order, each
 * after its condition, those of an «after the previous» chain seeing what the ones before them
 * did — in one transaction that is then rolled back, so nothing is written. Without `stageId`
 * the deal's own stage; with another stage of the pipeline the deal first enters it (also undone).
 * Delays are not waited for: the step says when it would act.
 */
export async function dryRun(ctx: Ctx, pipelineId: number, input: { dealId: number; stageId?: number }): Promise<DryRunResult> {
  await requireConfigure(ctx);
  if (!(await findPipeline(ctx, pipelineId))) throw errors.notFound();
  const deal = await dealSnapshot(ctx, input.dealId);
  if (!deal) throw errors.notFound();
  if (deal.pipelineId !== pipelineId) throw errors.field('dealId', 'automation.rules_deal_foreign');
  const stageId = input.stageId ?? deal.stageId;
  if (!(await stageRows(ctx, pipelineId)).some((s) => s.id === stageId)) throw errors.field('stageId', 'automation.rules_stage_foreign');
  const robots = await stageRules(ctx, stageId, 'robot');
  const labels = new Map((await fieldDefs(ctx, 'deal')).map((d) => [d.code, d.label]));
  const say = (m: MessageRef) => t(ctx.lang, m.key, m.params ?? {});
  const entryKey = `dry-${crypto.randomBytes(6).toString('hex')}`;
  if (ctx.tx) throw new Error('a dry run opens its own transaction');
  try {
    await ctx.sys.openTransaction(ctx, async (tx) => {
      const sys: Ctx = { ...systemCtx({ db: tx.db, sys: tx.sys }, ctx.portal, { lang: ctx.lang, requestId: ctx.requestId }), ...(tx.tx ? { tx: tx.tx } : {}) };
      if (stageId !== deal.stageId) {
        try {
          await inSavepoint(sys, 'dry_entry', () => changeDeal(sys, deal.id, { stageId }));
        } catch (err) {
          const message = t(ctx.lang, 'automation.dry_entry_failed', { message: errorText(ctx.lang, err) });
          throw new RolledBack(robots.map((r) => ({ ruleId: r.id, name: r.name, status: 'failed', message })));
        }
      }
      const steps: Step[] = [];
      // The last outcome of each chain: robots of the same start (entry, or a field's setting).
      const chains = new Map<string, { status: Step['status']; name: string }>();
      for (const [i, rule] of robots.entries()) {
        const chain = rule.start.on === 'field' ? `field:${rule.start.field ?? ''}` : 'entry';
        const prev = chains.get(chain);
        let step: Step;
        if (rule.start.afterPrevious && prev?.status === 'failed') {
          step = { ruleId: rule.id, name: rule.name, status: 'skipped', message: say({ key: 'automation.dry_previous_failed' }) };
          chains.set(chain, { status: 'failed', name: prev.name });
        } else if (rule.start.afterPrevious && prev?.status === 'waiting') {
          step = { ruleId: rule.id, name: rule.name, status: 'waiting', message: say({ key: 'automation.dry_previous_waiting', params: { name: prev.name } }) };
        } else {
          const outcome = await runOne(sys, rule, deal.id, pipelineId, stageId, entryKey, `dry_robot_${i}`);
          step = { ruleId: rule.id, name: rule.name, status: outcome.status, message: describe(ctx, rule, say(outcome.message), labels) };
          chains.set(chain, { status: outcome.status, name: rule.name });
        }
        steps.push(step);
      }
      throw new RolledBack(steps);
    });
  } catch (err) {
    if (err instanceof RolledBack) return { dealId: deal.id, stageId, steps: err.steps };
    throw err;
  }
  throw new Error('unreachable: a dry run always rolls back');
}

/** When the robot would act, before what it would do. */
function describe(ctx: Ctx, rule: LoadedRule, message: string, labels: Map<string, string>): string {
  const { delay } = rule.start;
  let out = message;
  if (delay.mode === 'after') out = t(ctx.lang, 'automation.dry_after', { minutes: delay.minutes, message: out });
  if (delay.mode === 'at') out = t(ctx.lang, 'automation.dry_at', { field: labels.get(delay.field) ?? delay.field, message: out });
  if (rule.start.on === 'field' && rule.start.field) out = t(ctx.lang, 'automation.dry_on_field', { field: labels.get(rule.start.field) ?? rule.start.field, message: out });
  return out;
}

/** A robot threw: its savepoint is rolled back, its reason kept. */
class RobotThrew extends Error {
  constructor(readonly ref: MessageRef) {
    super('robot threw');
  }
}

type DryOutcome = { status: 'done' | 'failed' | 'skipped' | 'waiting'; message: MessageRef };

/** One robot on the deal as it is now (after the robots before it), its run recorded so later robots find what it made (TaskRef). */
async function runOne(sys: Ctx, rule: LoadedRule, dealId: number, pipelineId: number, stageId: number, entryKey: string, savepoint: string): Promise<DryOutcome> {
  try {
    return await inSavepoint(sys, savepoint, async () => {
      const deal = await dealSnapshot(sys, dealId);
      if (!deal) throw errors.notFound();
      const at = nowIso();
      const run = await scoped(sys)
        .insertInto('automation_run', {
          entity_type: 'deal',
          entity_id: dealId,
          pipeline_id: pipelineId,
          stage_id: stageId,
          rule_id: rule.id,
          rule_type: rule.type,
          rule_name: rule.name,
          entry_key: entryKey,
          after_run_id: null,
          status: 'pending',
          due_at: null,
          message_key: null,
          message_params: null,
          state: null,
          created_at: at,
          finished_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The engine's own step: the configuration, the condition, then the robot.
      const outcome = await executeRule(sys, rule, deal, { id: run.id, entryKey, state: null }, { dryRun: true });
      if (outcome.error) throw new RobotThrew(outcome.message);
      if (outcome.status === 'skipped') return { status: 'skipped', message: { key: 'automation.dry_condition_false' } } as const;
      await scoped(sys)
        .updateTable('automation_run')
        .set({
          status: outcome.status,
          message_key: outcome.message.key,
          message_params: JSON.stringify(outcome.message.params ?? {}),
          state: outcome.state ? JSON.stringify(outcome.state) : null,
          finished_at: outcome.status === 'waiting' ? null : at,
        })
        .where('id', '=', run.id)
        .execute();
      return { status: outcome.status, message: outcome.message };
    });
  } catch (err) {
    // A robot that throws has its writes taken back, as the engine's savepoint does.
    if (err instanceof RobotThrew) return { status: 'failed', message: err.ref };
    return { status: 'failed', message: { key: 'automation.dry_error', params: { message: errorText(sys.lang, err) } } };
  }
}
