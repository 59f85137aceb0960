import { lockForUpdate, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError } from '../../../platform/errors.js';
import { TotalsDelta } from '../deals/totals.js';
import { crmEvents } from '@vavilon/contracts';
import { eventOf, recordEvents } from '../../../platform/events/outbox.js';
import type { StageRow } from './repository.js';

/**
 * Moves every item of a stage that is being deleted to `target`: deals (with their Kanban
 * totals) or leads, one `updated` event each with the stage change. Without a target a
 * stage that still holds items is refused.
 */
export async function moveStageItems(tx: Ctx, stage: StageRow, target: StageRow | undefined): Promise<number> {
  if (stage.entity_type === 'deal') {
    const deals = await lockForUpdate(tx, scoped(tx).selectFrom('crm_deal').select(['id', 'responsible_id', 'amount', 'currency', 'version']).where('stage_id', '=', stage.id)).execute();
    if (!deals.length) return 0;
    if (!target) throw hasItems(deals.length);
    const at = nowIso();
    await scoped(tx)
      .updateTable('crm_deal')
      .set((eb) => ({ stage_id: target.id, stage_kind: target.kind, stage_changed_at: at, updated_at: at, version: eb('version', '+', 1) }))
      .where('stage_id', '=', stage.id)
      .execute();
    const totals = new TotalsDelta();
    for (const d of deals)
      totals.move(
        { stageId: stage.id, responsibleId: d.responsible_id, amount: Number(d.amount), currency: d.currency },
        { stageId: target.id, responsibleId: d.responsible_id, amount: Number(d.amount), currency: d.currency },
      );
    await totals.apply(tx);
    await recordEvents(
      tx,
      deals.map((d) =>
        eventOf(crmEvents.dealUpdated, {
          entityType: 'deal',
          entityId: d.id,
          payload: { pipelineId: target.pipeline_id!, stageId: target.id, stageKind: target.kind, reason: 'stage_deleted' },
          changes: [{ field: 'stage_id', old: stage.id, new: target.id }],
        }),
      ),
    );
    return deals.length;
  }
  const leads = await lockForUpdate(tx, scoped(tx).selectFrom('crm_lead').select(['id']).where('status_id', '=', stage.id)).execute();
  if (!leads.length) return 0;
  if (!target) throw hasItems(leads.length);
  const at = nowIso();
  await scoped(tx)
    .updateTable('crm_lead')
    .set((eb) => ({ status_id: target.id, status_kind: target.kind, updated_at: at, version: eb('version', '+', 1) }))
    .where('status_id', '=', stage.id)
    .execute();
  await recordEvents(
    tx,
    leads.map((l) =>
      eventOf(crmEvents.leadUpdated, {
        entityType: 'lead',
        entityId: l.id,
        payload: { statusId: target.id, statusKind: target.kind, reason: 'stage_deleted' },
        changes: [{ field: 'status_id', old: stage.id, new: target.id }],
      }),
    ),
  );
  return leads.length;
}

function hasItems(count: number): AppError {
  return new AppError(400, 'stage_has_items', 'crm.stage_has_items', { count }, [{ field: 'moveToStageId', message: 'crm.stage_has_items' }]);
}
