import { automationEvents, type RunStatus } from '@vavilon/contracts';
import { sql, type Selectable } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { eventOf, recordEvents, type PendingEvent } from '../../../platform/events/outbox.js';
import { lockForUpdate } from '../../../platform/context.js';
import { dealSnapshot, type DealSnapshot } from '../../crm/api.js';
import { valueOf } from '../fields/values.js';
import { executeRule, type ExecOutcome } from '../core/execute.js';
import type { LoadedRule, MessageRef } from '../core/types.js';
import { robotDef } from '../robots/index.js';
import { toLoaded } from '../rules/store.js';
import type { AutomationRunTable } from '../schema.js';

export type RunRow = Selectable<AutomationRunTable>;

/** How a run ends (or goes on waiting): a robot's outcome, or the engine's own cancellation. */
export type RunOutcome = ExecOutcome | { status: 'cancelled'; message: MessageRef; state?: Record<string, unknown>; error?: true };

/** The job that runs a delayed, external or timed-out run: `{ runId }`. */
export const RUN_JOB = 'automation.run';

export const OPEN_STATUSES = ['pending', 'scheduled', 'waiting'] as const;
const isOpen = (s: RunStatus) => (OPEN_STATUSES as readonly string[]).includes(s);

/** Robots that change the deal itself: after one of them acts, the next robot reads the deal again. */
const DEAL_WRITERS = new Set(['stage.change', 'responsible.change', 'field.set']);

/**
 * One unit of the engine's work inside one transaction (a processor's batch, a job): the portal's
 * system ctx, the rules read so far, the deals as last read, and the `automation.run.finished`
 * events to record when the work is done (`flush`).
 */
export class EngineTx {
  readonly events: PendingEvent[] = [];
  private rules = new Map<number, LoadedRule | null>();
  private deals = new Map<number, DealSnapshot | null>();

  constructor(readonly ctx: Ctx) {}

  addRules(rules: LoadedRule[]): void {
    for (const r of rules) this.rules.set(r.id, r);
  }

  async rule(id: number | null): Promise<LoadedRule | null> {
    if (id === null) return null;
    if (!this.rules.has(id)) {
      const row = await scoped(this.ctx).selectFrom('automation_rule').selectAll().where('id', '=', id).executeTakeFirst();
      this.rules.set(id, row ? toLoaded(row) : null);
    }
    return this.rules.get(id)!;
  }

  async deal(id: number): Promise<DealSnapshot | null> {
    if (!this.deals.has(id)) this.deals.set(id, await dealSnapshot(this.ctx, id));
    return this.deals.get(id)!;
  }

  /** The deal changed (a robot wrote to it, an event says so): read it again when next needed. */
  forget(id: number): void {
    this.deals.delete(id);
  }

  async flush(): Promise<void> {
    const list = this.events.splice(0);
    if (list.length) await recordEvents(this.ctx, list);
  }
}

/** When a run that starts now acts: at once, or at a due time through the job (a delay, a date field, an external robot). */
function planStart(rule: LoadedRule | null, deal: DealSnapshot, from: Date): { at: 'now' } | { at: 'job'; due: Date } | { at: 'fail'; message: MessageRef } {
  if (!rule) return { at: 'now' };
  const external = !!robotDef(rule.type)?.external;
  const delay = rule.start.delay;
  let due: Date | null = null;
  if (delay.mode === 'after') due = new Date(from.getTime() + delay.minutes * 60_000);
  else if (delay.mode === 'at') {
    const v = valueOf(deal.row as unknown as Record<string, unknown>, delay.field);
    const base = typeof v === 'string' && v ? new Date(v.length === 10 ? `${v}T09:00:00` : v) : null;
    if (!base || Number.isNaN(base.getTime())) return { at: 'fail', message: { key: 'automation.engine.no_date', params: { field: delay.field } } };
    due = new Date(base.getTime() + delay.offsetMinutes * 60_000);
  }
  if (due && due.getTime() > from.getTime()) return { at: 'job', due };
  return external ? { at: 'job', due: from } : { at: 'now' };
}

function finishedEvent(run: Pick<RunRow, 'id' | 'rule_id' | 'entity_id' | 'pipeline_id' | 'stage_id'>, status: RunStatus): PendingEvent {
  return eventOf(automationEvents.runFinished, {
    entityType: 'deal',
    entityId: run.entity_id,
    payload: { runId: run.id, ruleId: run.rule_id, status, pipelineId: run.pipeline_id, stageId: run.stage_id },
  });
}

/** The run's job at `due`; it carries the due time it was made for, so a job the run has outgrown (a new `until`) does nothing. */
async function scheduleRunJob(e: EngineTx, runId: number, due: Date): Promise<void> {
  await e.ctx.sys.scheduleJob(e.ctx, { type: RUN_JOB, payload: { runId, due: due.toISOString() }, runAt: due, portalId: e.ctx.portal.id });
}

/**
 * The runs of one start (a stage entry, a field setting) for the robots of that start, in
 * their order: once per (rule, entry key) — a repeat inserts nothing and does nothing. Robots
 * that start at once act here, each in its own savepoint; the others wait for their job or for
 * the robot before them.
 */
export async function startEntry(e: EngineTx, deal: DealSnapshot, stageId: number, entryKey: string, rules: LoadedRule[]): Promise<void> {
  if (!rules.length) return;
  e.addRules(rules);
  const now = new Date();
  const at = now.toISOString();
  const plans = rules.map((r, i) => (r.start.afterPrevious && i > 0 ? null : planStart(r, deal, now)));
  const values = rules.map((r, i) => {
    const plan = plans[i];
    return {
      entity_type: 'deal' as const,
      entity_id: deal.id,
      pipeline_id: deal.pipelineId,
      stage_id: stageId,
      rule_id: r.id,
      rule_type: r.type,
      rule_name: r.name,
      entry_key: entryKey,
      after_run_id: null,
      status: (plan === null ? 'pending' : 'scheduled') as RunStatus,
      due_at: plan?.at === 'job' ? plan.due.toISOString() : null,
      message_key: null,
      message_params: null,
      state: null,
      created_at: at,
      finished_at: null,
    };
  });
  const inserted = await scoped(e.ctx)
    .insertInto('automation_run', values)
    .onConflict((oc) => oc.columns(['portal_id', 'rule_id', 'entry_key']).doNothing())
    .returning(['id', 'rule_id'])
    .execute();
  if (!inserted.length) return; // this start was handled already
  const idOf = new Map(inserted.map((r) => [Number(r.rule_id), Number(r.id)]));
  const rows: RunRow[] = values.map((v) => ({ ...v, id: idOf.get(v.rule_id) ?? 0, portal_id: e.ctx.portal.id }));
  // Each waiting robot names the run before it.
  const chained: [number, number][] = [];
  rows.forEach((r, i) => {
    if (r.status === 'pending' && r.id && rows[i - 1]?.id) {
      r.after_run_id = rows[i - 1]!.id;
      chained.push([r.id, r.after_run_id]);
    }
  });
  if (chained.length) {
    const cases = sql.join(
      chained.map(([id, after]) => sql`when ${id} then cast(${after} as integer)`),
      sql` `,
    );
    await sql`update automation_run set after_run_id = case id ${cases} end where portal_id = ${e.ctx.portal.id} and id in (${sql.join(chained.map(([id]) => id))})`.execute(e.ctx.db);
  }
  const successors = new Map<number, RunRow[]>();
  for (const r of rows) if (r.after_run_id) successors.set(r.after_run_id, [...(successors.get(r.after_run_id) ?? []), r]);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!r.id || r.status === 'pending') continue;
    const plan = plans[i]!;
    if (plan.at === 'job') await scheduleRunJob(e, r.id, plan.due);
    else if (plan.at === 'fail') await finishRun(e, r, { status: 'failed', message: plan.message }, successors);
    else await runNow(e, r, successors);
  }
}

/**
 * Runs one run's robot now, in a savepoint: when the robot throws, its writes are undone and
 * the run fails with the reason; the deal having left the run's stage cancels it instead.
 */
export async function runNow(e: EngineTx, run: RunRow, successors?: Map<number, RunRow[]>, opts: { resume?: boolean; timedOut?: boolean } = {}): Promise<RunOutcome> {
  const rule = await e.rule(run.rule_id);
  if (!rule) return finishRun(e, run, { status: 'cancelled', message: { key: 'automation.engine.rule_gone' } }, successors);
  const deal = await e.deal(run.entity_id);
  if (!deal) return finishRun(e, run, { status: 'cancelled', message: { key: 'automation.engine.deal_gone' } }, successors);
  if (deal.stageId !== run.stage_id) return finishRun(e, run, { status: 'cancelled', message: { key: 'automation.engine.left_stage' } }, successors);
  const db = e.ctx.db;
  await sql`savepoint automation_run`.execute(db);
  let outcome: RunOutcome;
  try {
    outcome = await executeRule(
      e.ctx,
      rule,
      deal,
      { id: run.id, entryKey: run.entry_key, state: run.state ? (JSON.parse(run.state) as Record<string, unknown>) : null },
      { dryRun: false, checkCondition: !opts.resume },
    );
  } catch (err) {
    // Only an external robot's retry is thrown, and those do not run here: fail it all the same.
    outcome = { status: 'failed', message: { key: 'automation.engine.error', params: { reason: err instanceof Error ? err.message : String(err) } }, error: true };
  }
  if (outcome.error) await sql`rollback to savepoint automation_run`.execute(db);
  // Its time is up and it still waits: it fails, and the robots after it with it.
  if (opts.timedOut && outcome.status === 'waiting') outcome = { status: 'failed', message: { key: 'automation.engine.timeout' }, state: outcome.state };
  await sql`release savepoint automation_run`.execute(db);
  if (outcome.status === 'done' && DEAL_WRITERS.has(rule.type)) e.forget(deal.id);
  return finishRun(e, run, outcome, successors);
}

/**
 * Writes a run's outcome and goes on: a waiting run keeps its place (its job comes at its
 * `until`); done or skipped starts the robots after it; failed or cancelled cancels them.
 */
export async function finishRun(e: EngineTx, run: RunRow, outcome: RunOutcome, successors?: Map<number, RunRow[]>): Promise<RunOutcome> {
  const waiting = outcome.status === 'waiting';
  const until = waiting && 'until' in outcome && outcome.until ? outcome.until.toISOString() : null;
  const state = outcome.state !== undefined ? JSON.stringify(outcome.state) : run.state;
  await scoped(e.ctx)
    .updateTable('automation_run')
    .set({
      status: outcome.status,
      message_key: outcome.message.key,
      message_params: outcome.message.params ? JSON.stringify(outcome.message.params) : null,
      state,
      finished_at: waiting ? null : nowIso(),
      ...(waiting ? { due_at: until } : {}),
    })
    .where('id', '=', run.id)
    .execute();
  e.events.push(finishedEvent(run, outcome.status));
  if (waiting) {
    if (until) await scheduleRunJob(e, run.id, new Date(until));
    return outcome;
  }
  const next = successors ? (successors.get(run.id) ?? []) : await pendingAfter(e, run.id);
  if (outcome.status === 'done' || outcome.status === 'skipped') {
    for (const n of next) await startPending(e, n, successors);
  } else {
    for (const n of next) await finishRun(e, n, { status: 'cancelled', message: { key: 'automation.engine.previous_failed' } }, successors);
  }
  return outcome;
}

async function pendingAfter(e: EngineTx, runId: number): Promise<RunRow[]> {
  return scoped(e.ctx).selectFrom('automation_run').selectAll().where('after_run_id', '=', runId).where('status', '=', 'pending').orderBy('id').execute();
}

/** A pending run whose robot before it has finished: its delay counts from now. */
async function startPending(e: EngineTx, run: RunRow, successors?: Map<number, RunRow[]>): Promise<void> {
  const deal = await e.deal(run.entity_id);
  if (!deal || deal.stageId !== run.stage_id) {
    await finishRun(e, run, { status: 'cancelled', message: { key: deal ? 'automation.engine.left_stage' : 'automation.engine.deal_gone' } }, successors);
    return;
  }
  const plan = planStart(await e.rule(run.rule_id), deal, new Date());
  if (plan.at === 'now') {
    await runNow(e, run, successors);
    return;
  }
  if (plan.at === 'fail') {
    await finishRun(e, run, { status: 'failed', message: plan.message }, successors);
    return;
  }
  await scoped(e.ctx).updateTable('automation_run').set({ status: 'scheduled', due_at: plan.due.toISOString() }).where('id', '=', run.id).execute();
  await scheduleRunJob(e, run.id, plan.due);
}

/** The deal's open runs (pending, scheduled, waiting). */
export async function openRuns(e: EngineTx, dealId: number): Promise<RunRow[]> {
  return scoped(e.ctx)
    .selectFrom('automation_run')
    .selectAll()
    .where('entity_id', '=', dealId)
    .where('status', 'in', [...OPEN_STATUSES])
    .orderBy('id')
    .execute();
}

/** The deal entered `stageId`: its open runs of every other stage are cancelled. */
export async function cancelOtherStages(e: EngineTx, open: RunRow[], stageId: number): Promise<RunRow[]> {
  const gone = open.filter((r) => r.stage_id !== stageId && isOpen(r.status));
  if (!gone.length) return open;
  await scoped(e.ctx)
    .updateTable('automation_run')
    .set({ status: 'cancelled', message_key: 'automation.engine.left_stage', message_params: null, finished_at: nowIso() })
    .where(
      'id',
      'in',
      gone.map((r) => r.id),
    )
    .execute();
  for (const r of gone) e.events.push(finishedEvent(r, 'cancelled'));
  return open.filter((r) => !gone.includes(r));
}

/** A run the engine keeps open takes up again (a waiting robot re-checks; its caller's transaction holds it). */
export async function resumeRun(ctx: Ctx, runId: number): Promise<RunStatus | null> {
  const e = new EngineTx(ctx);
  const run = await lockForUpdate(ctx, scoped(ctx).selectFrom('automation_run').selectAll().where('id', '=', runId)).executeTakeFirst();
  if (!run || run.status !== 'waiting') return run?.status ?? null;
  const outcome = await runNow(e, run, undefined, { resume: true });
  await e.flush();
  return outcome.status;
}
