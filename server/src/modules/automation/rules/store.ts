import { Condition, RobotStart, type RuleInput, type RuleKind } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { LoadedRule } from '../core/types.js';
import type { AutomationRuleTable } from '../schema.js';

export type RuleRow = Selectable<AutomationRuleTable>;

export function toLoaded(r: RuleRow): LoadedRule {
  return {
    id: r.id,
    kind: r.kind,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    type: r.type,
    name: r.name,
    config: JSON.parse(r.config) as Record<string, unknown>,
    condition: r.condition ? Condition.parse(JSON.parse(r.condition)) : null,
    start: RobotStart.parse(JSON.parse(r.start)),
    sort: r.sort,
  };
}

/** A pipeline's rules, stage by stage in their order. */
export async function pipelineRules(ctx: Ctx, pipelineId: number, kind?: RuleKind): Promise<LoadedRule[]> {
  let q = scoped(ctx).selectFrom('automation_rule').selectAll().where('pipeline_id', '=', pipelineId);
  if (kind) q = q.where('kind', '=', kind);
  return (await q.orderBy('stage_id').orderBy('sort').orderBy('id').execute()).map(toLoaded);
}

/** The robots (or triggers) of one stage in their order. */
export async function stageRules(ctx: Ctx, stageId: number, kind: RuleKind): Promise<LoadedRule[]> {
  const rows = await scoped(ctx).selectFrom('automation_rule').selectAll().where('stage_id', '=', stageId).where('kind', '=', kind).orderBy('sort').orderBy('id').execute();
  return rows.map(toLoaded);
}

/**
 * Adds one rule at the end of its stage (its configuration already checked by the caller) and
 * returns its id; the caller records the version once its change is complete (`recordVersion`).
 */
export async function insertRule(ctx: Ctx, pipelineId: number, input: RuleInput): Promise<number> {
  const last = await scoped(ctx)
    .selectFrom('automation_rule')
    .select((eb) => eb.fn.max('sort').as('max'))
    .where('stage_id', '=', input.stageId)
    .where('kind', '=', input.kind)
    .executeTakeFirst();
  const at = nowIso();
  const row = await scoped(ctx)
    .insertInto('automation_rule', {
      entity_type: 'deal',
      pipeline_id: pipelineId,
      stage_id: input.stageId,
      kind: input.kind,
      type: input.type,
      name: input.name,
      config: JSON.stringify(input.config),
      condition: input.condition ? JSON.stringify(input.condition) : null,
      start: JSON.stringify(input.start),
      sort: Number(last?.max ?? 0) + 10,
      created_at: at,
      updated_at: at,
      updated_by: ctx.actor?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A rule as a version's snapshot keeps it. */
export type SnapshotRule = RuleInput & { id: number; sort: number };

/** Writes the pipeline's rules as they are now as its next version, with who changed them and how. */
export async function recordVersion(ctx: Ctx, pipelineId: number, summary: string, restoredFrom: number | null = null): Promise<number> {
  const rules = await pipelineRules(ctx, pipelineId);
  const snapshot: SnapshotRule[] = rules.map((r) => ({
    id: r.id,
    sort: r.sort,
    kind: r.kind,
    stageId: r.stageId,
    type: r.type,
    name: r.name,
    config: r.config,
    condition: r.condition,
    start: r.start,
  }));
  const last = await scoped(ctx)
    .selectFrom('automation_version')
    .select((eb) => eb.fn.max('number').as('max'))
    .where('pipeline_id', '=', pipelineId)
    .executeTakeFirst();
  const number = Number(last?.max ?? 0) + 1;
  await scoped(ctx)
    .insertInto('automation_version', {
      pipeline_id: pipelineId,
      number,
      author_id: ctx.actor?.userId ?? null,
      summary,
      snapshot: JSON.stringify(snapshot),
      restored_from: restoredFrom,
      created_at: nowIso(),
    })
    .execute();
  return number;
}
