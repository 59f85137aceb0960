import { z } from 'zod';

/**
 * Stage automation as a pipeline's administrator builds it in «Роботы»: robots that run when
 * an item enters a stage (or when a field is set while it is there), and triggers that move an
 * item to their stage when something happens. The configuration of each robot and trigger
 * type is in `robots.ts` and `triggers.ts`; this file holds what every rule shares.
 */

/** Whose field a condition or a check reads: the item's own, its company's, its (primary) contact's. */
export const FieldOwner = z.enum(['item', 'company', 'contact']);
export type FieldOwner = z.infer<typeof FieldOwner>;

export const ConditionOp = z.enum(['eq', 'ne', 'in', 'empty', 'filled', 'gt', 'lt', 'contains']);
export type ConditionOp = z.infer<typeof ConditionOp>;

/**
 * One term: «Поле «Квалифицировать» = Да». `field` is a field code of the owner: a standard one
 * (`title`, `amount`, `responsible_id`, `industry`, `phones`...) or a custom one (`UF_CRM_QUALIFY`).
 * List fields compare by the option's id, as it is stored; `in` takes an array.
 */
export const ConditionTerm = z.object({
  owner: FieldOwner.default('item'),
  field: z.string().min(1).max(100),
  op: ConditionOp,
  value: z.unknown().optional(),
});
export type ConditionTerm = z.infer<typeof ConditionTerm>;

export const Condition = z.object({
  join: z.enum(['all', 'any']).default('all'),
  terms: z.array(ConditionTerm).min(1).max(20),
});
export type Condition = z.infer<typeof Condition>;

/** When a robot waits before it acts: at once, for a while, or until a date (a date field of the item, shifted). */
export const RobotDelay = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('now') }),
  z.object({ mode: z.literal('after'), minutes: z.number().int().min(1).max(525_600) }),
  z.object({ mode: z.literal('at'), field: z.string().min(1).max(100), offsetMinutes: z.number().int().min(-525_600).max(525_600).default(0) }),
]);
export type RobotDelay = z.infer<typeof RobotDelay>;

/**
 * What starts a robot. `entry`: the item entered the stage. `field`: the field `field` was set
 * (each time, the same value again included) while the item is in the stage — how the
 * «Результаты» fields of «Воронка обзвона» drive their robots. `afterPrevious`: it waits for the
 * robot before it (in the stage's order, among robots of the same start) to finish; otherwise
 * it starts together with it.
 */
export const RobotStart = z.object({
  on: z.enum(['entry', 'field']).default('entry'),
  field: z.string().min(1).max(100).optional(),
  afterPrevious: z.boolean().default(false),
  delay: RobotDelay.default({ mode: 'now' }),
});
export type RobotStart = z.infer<typeof RobotStart>;

export const RuleKind = z.enum(['robot', 'trigger']);
export type RuleKind = z.infer<typeof RuleKind>;

/** A robot or trigger as the designer sends it; `config` is checked against its type's schema. */
export const RuleInput = z.object({
  kind: RuleKind,
  stageId: z.number().int(),
  type: z.string().min(1).max(60),
  name: z.string().trim().min(1).max(200),
  config: z.record(z.string(), z.unknown()).default({}),
  condition: Condition.nullable().default(null),
  /** Robots only; a trigger ignores it. */
  start: RobotStart.default({ on: 'entry', afterPrevious: false, delay: { mode: 'now' } }),
});
export type RuleInput = z.infer<typeof RuleInput>;

/** Something a rule points at that is gone (a deleted field, stage or user): the designer shows the rule as broken. */
export const RuleProblem = z.object({ path: z.string(), message: z.string() });
export type RuleProblem = z.infer<typeof RuleProblem>;

export const Rule = RuleInput.extend({
  id: z.number().int(),
  pipelineId: z.number().int(),
  sort: z.number().int(),
  problems: z.array(RuleProblem),
  updatedAt: z.string(),
  /** The pipeline's automation version when this was read (after a change: the new one), to send back with the next change. */
  version: z.number().int().optional(),
});
export type Rule = z.infer<typeof Rule>;

/** The whole automation of one pipeline, as the designer shows it: each stage with its triggers and robots in order. */
export const PipelineAutomation = z.object({
  pipelineId: z.number().int(),
  pipelineName: z.string(),
  /** The number of the current version in the pipeline's automation history. */
  version: z.number().int(),
  stages: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      color: z.string(),
      kind: z.enum(['progress', 'success', 'failure']),
      triggers: z.array(Rule),
      robots: z.array(Rule),
    }),
  ),
  /** Rules whose stage is gone (deleted): shown apart as broken, to be moved to a stage or removed. */
  detached: z.array(Rule).optional(),
});
export type PipelineAutomation = z.infer<typeof PipelineAutomation>;

/** The order of a stage's robots (or triggers) after a drag or the arrows in the designer. */
export const RuleOrder = z.object({ stageId: z.number().int(), kind: RuleKind, ids: z.array(z.number().int()).max(200), version: z.number().int() });
export type RuleOrder = z.infer<typeof RuleOrder>;

/** One entry of a pipeline's automation history: who changed what, and when. */
export const AutomationVersion = z.object({
  number: z.number().int(),
  authorId: z.number().int().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
  /** «Добавлен робот «Найти ЛПР» в стадии «Первичный контакт»», in the reader's language. */
  summary: z.string(),
  /** Set when this version restored an earlier one. */
  restoredFrom: z.number().int().nullable(),
});
export type AutomationVersion = z.infer<typeof AutomationVersion>;

/** «Проверить на сделке»: what each robot of the stage would do to the chosen deal, nothing written. */
export const DryRunResult = z.object({
  dealId: z.number().int(),
  stageId: z.number().int(),
  steps: z.array(
    z.object({
      ruleId: z.number().int(),
      name: z.string(),
      /** `done`: it would act; `skipped`: its condition is not met; `failed`: it could not; `waiting`: it would wait (delay, condition, an answer). */
      status: z.enum(['done', 'skipped', 'failed', 'waiting']),
      message: z.string(),
    }),
  ),
});
export type DryRunResult = z.infer<typeof DryRunResult>;
