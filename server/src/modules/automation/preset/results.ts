import { automationEvents, type Deal, type ResultInput } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { authorizeDeal, changeDeal, dealFieldByCode, dealSnapshot, getDeal } from '../../crm/api.js';

/**
 * «Результаты» of a call deal: the employee sets a result field as themselves (the deal's history
 * names them) and the setting is recorded as `automation.result.set` — every time, the same
 * value again included — so the stage's robots started by that field run. In a stage without
 * such robots only the field changes.
 */
export async function setResult(ctx: Ctx, dealId: number, input: ResultInput): Promise<Deal> {
  await transaction(ctx, async (tx) => {
    const deal = await dealSnapshot(tx, dealId, true);
    if (!deal) throw errors.notFound();
    await authorizeDeal(tx, deal.row, 'read');
    await authorizeDeal(tx, deal.row, 'edit');
    const field = await dealFieldByCode(tx, input.field);
    if (!field || field.settings.result !== true) throw errors.field('field', 'automation.preset.not_result_field');
    if (typeof input.value !== 'string' || !field.options.some((o) => o.id === input.value)) throw errors.field('value', 'automation.preset.option_invalid', { field: field.label });
    await changeDeal(tx, dealId, { custom: { [field.code]: input.value } });
    await recordEvent(tx, automationEvents.resultSet, {
      entityType: 'deal',
      entityId: dealId,
      payload: { field: field.code, value: input.value, pipelineId: deal.pipelineId, stageId: deal.stageId },
    });
  });
  return getDeal(ctx, dealId);
}
