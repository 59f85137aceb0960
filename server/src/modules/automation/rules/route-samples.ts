import { SECRET, type Fixture, type RouteSamples } from '../../../../test/security/sample-kit.js';
import { scoped } from '../../../platform/db/scoped.js';
import { systemCtx } from '../../../platform/context.js';

/** The fixture portal's first pipeline and its first stage. */
async function firstStage(fx: Fixture): Promise<{ pipelineId: number; stageId: number }> {
  const ctx = systemCtx(fx.t.platform, fx.p.portal);
  const stage = await scoped(ctx).selectFrom('crm_stage').select(['id', 'pipeline_id']).where('entity_type', '=', 'deal').orderBy('pipeline_id').orderBy('sort').limit(1).executeTakeFirstOrThrow();
  return { pipelineId: stage.pipeline_id!, stageId: stage.id };
}

const robot = (stageId: number) => ({ kind: 'robot', stageId, type: 'comment.add', name: SECRET, config: { text: SECRET } });

/** The designer's rules: a robot «Добавить комментарий» in the first stage of the first pipeline. */
export const rulesRouteSamples: RouteSamples = {
  samples: {
    'POST /api/automation/pipelines/:pipelineId/rules': async (fx) => {
      const { pipelineId, stageId } = await firstStage(fx);
      return { params: { pipelineId }, body: robot(stageId) };
    },
    'PATCH /api/automation/rules/:id': async (fx) => {
      const ctx = systemCtx(fx.t.platform, fx.p.portal);
      const rule = await scoped(ctx).selectFrom('automation_rule').select(['id', 'stage_id']).orderBy('id').limit(1).executeTakeFirst();
      const version = await scoped(ctx)
        .selectFrom('automation_version')
        .select((eb) => eb.fn.max('number').as('max'))
        .executeTakeFirst();
      return { ...(rule ? { params: { id: rule.id } } : {}), body: { ...robot(rule?.stage_id ?? (await firstStage(fx)).stageId), version: Number(version?.max ?? 0) } };
    },
    'PUT /api/automation/pipelines/:pipelineId/order': async (fx) => {
      const { pipelineId, stageId } = await firstStage(fx);
      return { params: { pipelineId }, body: { stageId, kind: 'trigger', ids: [], version: 0 } };
    },
    'POST /api/automation/pipelines/:pipelineId/dry-run': async (fx) => {
      const { pipelineId } = await firstStage(fx);
      const deal = await scoped(systemCtx(fx.t.platform, fx.p.portal)).selectFrom('crm_deal').select('id').where('pipeline_id', '=', pipelineId).orderBy('id').limit(1).executeTakeFirst();
      return { params: { pipelineId }, body: { dealId: deal?.id ?? 1 } };
    },
  },
  params: {
    '/api/automation/pipelines/:pipelineId/versions/:number/restore': () => ({ number: 1 }),
  },
  creators: {
    automation_rule: async (fx, admin) => {
      const { pipelineId, stageId } = await firstStage(fx);
      await admin.post(`/api/automation/pipelines/${pipelineId}/rules`, robot(stageId));
    },
  },
};
