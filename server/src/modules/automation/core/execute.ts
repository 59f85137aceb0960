import { robotConfigs, type RobotType } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import type { DealSnapshot } from '../../crm/api.js';
import { evaluateCondition } from '../fields/conditions.js';
import { robotDef } from '../robots/index.js';
import type { LoadedRule, MessageRef, RobotOutcome } from './types.js';
import { RobotRetry } from './types.js';

/** What one execution of a rule came to: the robot's outcome, or `skipped` when its condition does not hold. */
export type ExecOutcome = (RobotOutcome | { status: 'skipped'; message: MessageRef; state?: Record<string, unknown> }) & {
  /** The robot threw: whatever it wrote is to be undone (a robot's own `failed` keeps what it wrote, e.g. a check's comment). */
  error?: true;
};

export interface ExecRun {
  id: number;
  entryKey: string;
  state: Record<string, unknown> | null;
}

/** A thrown error as a run's message: a field's or the error's own message key, or its text. */
export function errorMessage(err: unknown): MessageRef {
  if (err instanceof RobotRetry) return err.ref;
  if (err instanceof AppError) {
    const f = err.fields?.[0];
    if (f) return { key: f.message as MessageKey, params: f.params };
    return { key: err.messageKey as MessageKey, params: err.params };
  }
  const reason = err instanceof Error ? err.message : String(err);
  return { key: 'automation.engine.error', params: { reason: reason.slice(0, 500) } };
}

/** The robot's configuration checked against its type's schema, or why it cannot run. */
export function parseConfig(rule: LoadedRule): { ok: true; config: unknown } | { ok: false; message: MessageRef } {
  const schema = (robotConfigs as Record<string, (typeof robotConfigs)[RobotType]>)[rule.type];
  if (!schema || !robotDef(rule.type)) return { ok: false, message: { key: 'automation.engine.unknown_type', params: { type: rule.type } } };
  const parsed = schema.safeParse(rule.config);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '—'}: ${i.message}`)
      .join('; ');
    return { ok: false, message: { key: 'automation.engine.bad_config', params: { details } } };
  }
  return { ok: true, config: parsed.data };
}

/**
 * Runs one rule for a deal: parses its configuration (a broken one, or a type no robot has,
 * fails with a clear message), checks its condition (false: `skipped`), then lets the robot
 * act. Never throws: whatever the robot throws becomes a `failed` outcome with its reason (an
 * external robot's `RobotRetry` excepted, which its job turns into another try). The caller
 * owns the transaction (a savepoint per run in the engine; a rolled-back one in a dry run).
 */
export async function executeRule(ctx: Ctx, rule: LoadedRule, deal: DealSnapshot, run: ExecRun, opts: { dryRun: boolean; checkCondition?: boolean }): Promise<ExecOutcome> {
  const cfg = parseConfig(rule);
  if (!cfg.ok) return { status: 'failed', message: cfg.message };
  const def = robotDef(rule.type)!;
  try {
    if (opts.checkCondition !== false && !(await evaluateCondition(ctx, deal, rule.condition))) return { status: 'skipped', message: { key: 'automation.engine.condition_false' } };
    return await def.run({ ctx, rule, config: cfg.config as never, run, deal, dryRun: opts.dryRun });
  } catch (err) {
    if (err instanceof RobotRetry) throw err;
    return { status: 'failed', message: errorMessage(err), error: true };
  }
}
