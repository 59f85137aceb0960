import type { Selectable } from 'kysely';
import type { Pipeline, Stage } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { CrmPipelineTable, CrmStageTable } from '../schema.js';

export type StageRow = Selectable<CrmStageTable>;
export type PipelineRow = Selectable<CrmPipelineTable>;

export function toStage(s: StageRow): Stage {
  return { id: s.id, name: s.name, color: s.color, sort: s.sort, kind: s.kind, code: s.code, version: s.version };
}

export function toPipeline(p: PipelineRow, stages: StageRow[]): Pipeline {
  return {
    id: p.id,
    name: p.name,
    code: p.code,
    sort: p.sort,
    isDefault: !!p.is_default,
    version: p.version,
    stages: stages.filter((s) => s.pipeline_id === p.id).map(toStage),
  };
}

export async function pipelineRows(ctx: Ctx): Promise<PipelineRow[]> {
  return scoped(ctx).selectFrom('crm_pipeline').selectAll().where('entity_type', '=', 'deal').orderBy('sort').orderBy('id').execute();
}

export async function findPipeline(ctx: Ctx, id: number): Promise<PipelineRow | undefined> {
  return scoped(ctx).selectFrom('crm_pipeline').selectAll().where('id', '=', id).where('entity_type', '=', 'deal').executeTakeFirst();
}

export async function defaultPipeline(ctx: Ctx): Promise<PipelineRow | undefined> {
  return scoped(ctx).selectFrom('crm_pipeline').selectAll().where('entity_type', '=', 'deal').orderBy('is_default', 'desc').orderBy('sort').orderBy('id').limit(1).executeTakeFirst();
}

/** Stages of one deal pipeline, or the lead statuses when `pipelineId` is null, in board order. */
export async function stageRows(ctx: Ctx, pipelineId: number | null): Promise<StageRow[]> {
  let q = scoped(ctx).selectFrom('crm_stage').selectAll();
  q = pipelineId === null ? q.where('entity_type', '=', 'lead').where('pipeline_id', 'is', null) : q.where('entity_type', '=', 'deal').where('pipeline_id', '=', pipelineId);
  return q.orderBy('sort').orderBy('id').execute();
}

export async function findStage(ctx: Ctx, id: number): Promise<StageRow | undefined> {
  return scoped(ctx).selectFrom('crm_stage').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function pipelineWithStages(ctx: Ctx, p: PipelineRow): Promise<Pipeline> {
  return toPipeline(p, await stageRows(ctx, p.id));
}
