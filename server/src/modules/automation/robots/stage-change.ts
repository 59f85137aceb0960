import { changeDeal, findStage } from '../../crm/api.js';
import { allowAutomationMove, loopMessage } from '../core/loops.js';
import { defineRobot } from '../core/types.js';

/**
 * «Сменить стадию»: moves the deal to a stage of its own pipeline, through the CRM's own change
 * (history, totals, events: the new stage's robots then run as on any entry). A stage of another
 * pipeline, or one that is gone, fails with why; so does a deal automation keeps moving in circles.
 */
export const stageChangeRobot = defineRobot({
  type: 'stage.change',
  async run({ ctx, config, deal, dryRun }) {
    const stage = await findStage(ctx, config.stageId);
    if (!stage || stage.entity_type !== 'deal') return { status: 'failed', message: { key: 'automation.stage.missing' } };
    if (stage.pipeline_id !== deal.pipelineId) return { status: 'failed', message: { key: 'automation.stage.other_pipeline', params: { stage: stage.name } } };
    if (stage.id === deal.stageId) return { status: 'done', message: { key: 'automation.stage.already', params: { stage: stage.name } } };
    if (!dryRun) {
      if (!(await allowAutomationMove(ctx, deal.id))) return { status: 'failed', message: loopMessage };
      await changeDeal(ctx, deal.id, { stageId: stage.id });
    }
    return { status: 'done', message: { key: 'automation.stage.moved', params: { stage: stage.name } } };
  },
});
