import type { Condition, RobotConfig, RobotStart, RobotType, RuleKind } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import type { ModulePart } from '../../../platform/registry/parts.js';
import type { DealSnapshot } from '../../crm/api.js';

/** A rule as the engine reads it: the row with its JSON parsed (the config still as stored; each robot parses its own). */
export interface LoadedRule {
  id: number;
  kind: RuleKind;
  pipelineId: number;
  stageId: number;
  type: string;
  name: string;
  config: Record<string, unknown>;
  condition: Condition | null;
  start: RobotStart;
  sort: number;
}

/** An outcome's words: a message key of the catalogue and its parameters, read in each reader's language. */
export interface MessageRef {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** What a robot's run is given. `ctx` is the portal's system ctx inside the engine's transaction. */
export interface RobotRun<C> {
  ctx: Ctx;
  rule: LoadedRule;
  config: C;
  run: { id: number; entryKey: string; state: Record<string, unknown> | null };
  deal: DealSnapshot;
  /**
   * «Проверить на сделке»: the robot runs as it would, in a transaction that is rolled back
   * afterwards; it must not reach outside the database (the webhook robot only says what it would send).
   */
  dryRun: boolean;
}

/**
 * How a run ended. `waiting`: it is not over (a condition to hold, an employee's answer); the
 * engine keeps the run open and the robots after it wait; `resumeRun()` takes it up again.
 */
export type RobotOutcome =
  | { status: 'done'; message: MessageRef; state?: Record<string, unknown> }
  | { status: 'failed'; message: MessageRef; state?: Record<string, unknown> }
  | { status: 'waiting'; message: MessageRef; state?: Record<string, unknown>; until?: Date };

export interface RobotDef<T extends RobotType = RobotType> {
  type: T;
  run(r: RobotRun<RobotConfig<T>>): Promise<RobotOutcome>;
  /** It reaches outside the database (an HTTP call): the engine runs it in its own job, after the commit, and retries it. */
  external?: boolean;
  /** A `waiting` run of it is run again on each change of the item (the «Ждать условия» robot), not only at its `until`. */
  recheckOnChange?: boolean;
}

/**
 * Thrown by an external robot when its try failed in a way worth repeating (a network error, an
 * HTTP 5xx): the engine's job tries again later, and after its last try the run fails with `message`.
 */
export class RobotRetry extends Error {
  constructor(readonly ref: MessageRef) {
    super(String(ref.key));
  }
}

/** Typed robots: `run()` gets its type's parsed configuration. */
export function defineRobot<T extends RobotType>(def: RobotDef<T>): RobotDef {
  return def as unknown as RobotDef;
}

/**
 * One part of the automation module (engine, robots, triggers, rules, preset): what it adds to
 * the module's registration. `index.ts` of the module merges them, so a part never edits it.
 */
export type AutomationPart = ModulePart;
