import { crmEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Pipeline, PipelineInput, PipelineUpdate, Stage, StageInput, StageUpdate } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { diff, recordEvent } from '../../../platform/events/outbox.js';
import { insertStages, NEW_PIPELINE_STAGES } from './defaults.js';
import { findPipeline, findStage, pipelineRows, pipelineWithStages, stageRows, toPipeline, toStage, type StageRow } from './repository.js';
import { moveStageItems } from './stage-items.js';

function requireAdmin(ctx: Ctx): void {
  if (!ctx.actor) throw errors.unauthenticated();
  if (ctx.actor.role !== 'admin') throw errors.forbidden();
}

export const stageNotFound = (field = 'stageId') => new AppError(409, 'stage_not_found', 'crm.stage_not_found', {}, [{ field, message: 'crm.stage_not_found' }]);

export async function listPipelines(ctx: Ctx): Promise<Pipeline[]> {
  const [pipelines, stages] = await Promise.all([pipelineRows(ctx), scoped(ctx).selectFrom('crm_stage').selectAll().where('entity_type', '=', 'deal').orderBy('sort').orderBy('id').execute()]);
  return pipelines.map((p) => toPipeline(p, stages));
}

export async function getPipeline(ctx: Ctx, id: number): Promise<Pipeline> {
  const p = await findPipeline(ctx, id);
  if (!p) throw errors.notFound();
  return pipelineWithStages(ctx, p);
}

export async function listLeadStatuses(ctx: Ctx): Promise<Stage[]> {
  return (await stageRows(ctx, null)).map(toStage);
}

export async function createPipeline(ctx: Ctx, input: z.infer<typeof PipelineInput>): Promise<Pipeline> {
  requireAdmin(ctx);
  const id = await transaction(ctx, async (tx) => {
    const last = await scoped(tx)
      .selectFrom('crm_pipeline')
      .select(({ fn }) => fn.max('sort').as('m'))
      .executeTakeFirst();
    const row = await scoped(tx)
      .insertInto('crm_pipeline', { entity_type: 'deal', name: input.name, code: null, sort: input.sort ?? Number(last?.m ?? 0) + 10, is_default: 0, version: 1, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertStages(tx, 'deal', row.id, NEW_PIPELINE_STAGES);
    await recordEvent(tx, crmEvents.pipelineCreated, { entityType: 'pipeline', entityId: row.id, payload: { name: input.name } });
    return row.id;
  });
  return getPipeline(ctx, id);
}

export async function updatePipeline(ctx: Ctx, id: number, input: z.infer<typeof PipelineUpdate>): Promise<Pipeline> {
  requireAdmin(ctx);
  await transaction(ctx, async (tx) => {
    const before = await findPipeline(tx, id);
    if (!before) throw errors.notFound();
    if (before.version !== input.version) throw errors.conflict();
    const set: { name?: string; sort?: number; is_default?: number } = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.sort !== undefined) set.sort = input.sort;
    if (input.isDefault && !before.is_default) {
      set.is_default = 1;
      await scoped(tx).updateTable('crm_pipeline').set({ is_default: 0 }).where('entity_type', '=', 'deal').where('id', '!=', id).execute();
    }
    const changes = diff(before as unknown as Record<string, unknown>, set, Object.keys(set) as never[]);
    await scoped(tx).updateVersioned('crm_pipeline', id, input.version, { ...set });
    if (changes.length) await recordEvent(tx, crmEvents.pipelineUpdated, { entityType: 'pipeline', entityId: id, changes });
  });
  return getPipeline(ctx, id);
}

export async function deletePipeline(ctx: Ctx, id: number): Promise<void> {
  requireAdmin(ctx);
  await transaction(ctx, async (tx) => {
    const p = await findPipeline(tx, id);
    if (!p) throw errors.notFound();
    const all = await pipelineRows(tx);
    if (all.length <= 1) throw new AppError(400, 'pipeline_last', 'crm.pipeline_last');
    const deal = await scoped(tx).selectFrom('crm_deal').select('id').where('pipeline_id', '=', id).limit(1).executeTakeFirst();
    if (deal) throw new AppError(400, 'pipeline_has_items', 'crm.pipeline_has_items');
    await scoped(tx).deleteFrom('crm_layout').where('entity_type', '=', 'deal').where('pipeline_id', '=', id).execute();
    await scoped(tx).deleteFrom('crm_stage').where('pipeline_id', '=', id).execute();
    await scoped(tx).deleteFrom('crm_pipeline').where('id', '=', id).execute();
    if (p.is_default) {
      const next = all.find((x) => x.id !== id)!;
      await scoped(tx)
        .updateTable('crm_pipeline')
        .set({ is_default: 1, version: next.version + 1 })
        .where('id', '=', next.id)
        .execute();
    }
    await recordEvent(tx, crmEvents.pipelineDeleted, { entityType: 'pipeline', entityId: id, payload: { name: p.name } });
  });
}

/** Adds a stage to a deal pipeline, or a lead status when `pipelineId` is null. */
export async function createStage(ctx: Ctx, pipelineId: number | null, input: z.infer<typeof StageInput>): Promise<Stage> {
  requireAdmin(ctx);
  const id = await transaction(ctx, async (tx) => {
    if (pipelineId !== null && !(await findPipeline(tx, pipelineId))) throw errors.notFound();
    const kind = input.kind ?? 'progress';
    const stages = await stageRows(tx, pipelineId);
    let sort = input.sort;
    if (sort === undefined) {
      // A working stage goes after the last working one, before the final stages; a final one goes last.
      const at = kind === 'progress' ? stages.filter((s) => s.kind === 'progress').length : stages.length;
      const order = [...stages.slice(0, at), null, ...stages.slice(at)];
      for (const [i, s] of order.entries()) {
        if (s && s.sort !== (i + 1) * 10)
          await scoped(tx)
            .updateTable('crm_stage')
            .set({ sort: (i + 1) * 10 })
            .where('id', '=', s.id)
            .execute();
      }
      sort = (at + 1) * 10;
    }
    const row = await scoped(tx)
      .insertInto('crm_stage', {
        entity_type: pipelineId === null ? 'lead' : 'deal',
        pipeline_id: pipelineId,
        name: input.name,
        code: null,
        color: input.color ?? '#39a8ef',
        sort,
        kind,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, crmEvents.stageCreated, { entityType: 'stage', entityId: row.id, payload: { pipelineId, name: input.name, kind } });
    return row.id;
  });
  return toStage((await findStage(ctx, id))!);
}

async function assertKindRemains(ctx: Ctx, stage: StageRow, field: string): Promise<void> {
  const others = (await stageRows(ctx, stage.entity_type === 'lead' ? null : stage.pipeline_id)).filter((s) => s.id !== stage.id && s.kind === stage.kind);
  if (!others.length) throw new AppError(400, 'validation', 'crm.stage_last_kind', {}, [{ field, message: 'crm.stage_last_kind' }]);
}

export async function updateStage(ctx: Ctx, id: number, input: z.infer<typeof StageUpdate>): Promise<Stage> {
  requireAdmin(ctx);
  await transaction(ctx, async (tx) => {
    const before = await findStage(tx, id);
    if (!before) throw errors.notFound();
    if (before.version !== input.version) throw errors.conflict();
    const set: { name?: string; color?: string; sort?: number; kind?: StageRow['kind'] } = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.color !== undefined) set.color = input.color;
    if (input.sort !== undefined) set.sort = input.sort;
    if (input.kind !== undefined && input.kind !== before.kind) {
      await assertKindRemains(tx, before, 'kind');
      set.kind = input.kind;
      // Items keep their stage's kind beside them for the "in progress / closed" filters.
      await scoped(tx).updateTable('crm_deal').set({ stage_kind: input.kind }).where('stage_id', '=', id).execute();
      await scoped(tx).updateTable('crm_lead').set({ status_kind: input.kind }).where('status_id', '=', id).execute();
    }
    const changes = diff(before as unknown as Record<string, unknown>, set, Object.keys(set) as never[]);
    await scoped(tx).updateVersioned('crm_stage', id, input.version, { ...set });
    if (changes.length) await recordEvent(tx, crmEvents.stageUpdated, { entityType: 'stage', entityId: id, payload: { pipelineId: before.pipeline_id }, changes });
  });
  return toStage((await findStage(ctx, id))!);
}

/** Deletes a stage; the items on it move to `moveToStageId` of the same pipeline in the same transaction. */
export async function deleteStage(ctx: Ctx, id: number, moveToStageId: number | undefined): Promise<{ moved: number }> {
  requireAdmin(ctx);
  return transaction(ctx, async (tx) => {
    const stage = await lockForUpdate(tx, scoped(tx).selectFrom('crm_stage').selectAll().where('id', '=', id)).executeTakeFirst();
    if (!stage) throw errors.notFound();
    await assertKindRemains(tx, stage, 'id');
    let target: StageRow | undefined;
    if (moveToStageId !== undefined) {
      target = await findStage(tx, moveToStageId);
      if (!target) throw stageNotFound('moveToStageId');
      if (target.id === stage.id || target.entity_type !== stage.entity_type || target.pipeline_id !== stage.pipeline_id) {
        throw errors.field('moveToStageId', 'crm.pipeline.move_target_invalid');
      }
    }
    const moved = await moveStageItems(tx, stage, target);
    await scoped(tx).deleteFrom('crm_stage').where('id', '=', id).execute();
    await recordEvent(tx, crmEvents.stageDeleted, {
      entityType: 'stage',
      entityId: id,
      payload: { pipelineId: stage.pipeline_id, name: stage.name, movedTo: target?.id ?? null, moved },
    });
    return { moved };
  });
}

/** New board order of a pipeline's stages (or of the lead statuses): every stage exactly once. */
export async function reorderStages(ctx: Ctx, pipelineId: number | null, stageIds: number[]): Promise<Stage[]> {
  requireAdmin(ctx);
  await transaction(ctx, async (tx) => {
    if (pipelineId !== null && !(await findPipeline(tx, pipelineId))) throw errors.notFound();
    const stages = await stageRows(tx, pipelineId);
    const known = new Set(stages.map((s) => s.id));
    if (new Set(stageIds).size !== stageIds.length || stageIds.length !== stages.length || stageIds.some((s) => !known.has(s))) {
      throw errors.field('stageIds', 'crm.pipeline.stage_order_invalid');
    }
    const before = stages.map((s) => s.id);
    for (const [i, sid] of stageIds.entries()) {
      const s = stages.find((x) => x.id === sid)!;
      if (s.sort !== (i + 1) * 10)
        await scoped(tx)
          .updateTable('crm_stage')
          .set({ sort: (i + 1) * 10, version: s.version + 1 })
          .where('id', '=', sid)
          .execute();
    }
    await recordEvent(tx, crmEvents.stageReordered, {
      entityType: pipelineId === null ? 'lead_statuses' : 'pipeline',
      entityId: pipelineId ?? 0,
      changes: [{ field: 'stage_order', old: before, new: stageIds }],
    });
  });
  return (await stageRows(ctx, pipelineId)).map(toStage);
}
