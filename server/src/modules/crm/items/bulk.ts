import type { z } from 'zod';
import { crmItemEvents, type BulkAction } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { eventOf, recordEvents } from '../../../platform/events/outbox.js';
import { scopeTest } from '../rights.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';
import { findStage, type StageRow } from '../pipelines/repository.js';
import { stageNotFound } from '../pipelines/service.js';
import { otherPipeline } from '../deals/input.js';
import { TotalsDelta } from '../deals/totals.js';
import { trashItems } from '../trash/api.js';
import type { ItemRow, ItemType } from './types.js';
import { activeUserIds } from '../../users/api.js';

type Bulk = z.infer<typeof BulkAction>;
interface Row {
  id: number;
  title?: string;
  responsible_id: number | null;
  stage_id?: number;
  stage_kind?: string;
  pipeline_id?: number;
  amount?: number;
  currency?: string;
}

/** The rows a group action reads, locked until it ends: what its checks, totals and events need. */
async function lockedRows(ctx: Ctx, entity: EntityType, ids: number[]): Promise<Row[]> {
  switch (entity) {
    case 'deal': {
      const q = scoped(ctx).selectFrom('crm_deal').select(['id', 'responsible_id', 'title', 'stage_id', 'stage_kind', 'pipeline_id', 'amount', 'currency']).where('id', 'in', ids);
      return (await lockForUpdate(ctx, q).execute()).map((r) => ({ ...r, amount: Number(r.amount) }));
    }
    case 'lead':
      return lockForUpdate(ctx, scoped(ctx).selectFrom('crm_lead').select(['id', 'responsible_id', 'title', 'status_id as stage_id']).where('id', 'in', ids)).execute();
    case 'company':
      return lockForUpdate(ctx, scoped(ctx).selectFrom('crm_company').select(['id', 'responsible_id', 'title']).where('id', 'in', ids)).execute();
    case 'contact':
      return lockForUpdate(ctx, scoped(ctx).selectFrom('crm_contact').select(['id', 'responsible_id']).where('id', 'in', ids)).execute();
  }
}

/** Sets the responsible or the stage of the given items, with a new version each. */
async function setRows(ctx: Ctx, entity: EntityType, ids: number[], change: { responsibleId: number } | { stage: StageRow }): Promise<void> {
  const at = nowIso();
  if ('responsibleId' in change) {
    await scoped(ctx)
      .updateTable(specOf(entity).table)
      .set((eb) => ({ responsible_id: change.responsibleId, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', 'in', ids)
      .execute();
  } else if (entity === 'deal') {
    const { stage } = change;
    await scoped(ctx)
      .updateTable('crm_deal')
      .set((eb) => ({ stage_id: stage.id, stage_kind: stage.kind, stage_changed_at: at, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', 'in', ids)
      .execute();
  } else if (entity === 'lead') {
    const { stage } = change;
    await scoped(ctx)
      .updateTable('crm_lead')
      .set((eb) => ({ status_id: stage.id, status_kind: stage.kind, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', 'in', ids)
      .execute();
  }
}

/**
 * A group action over a set of items: rights are checked over the whole set at once, the
 * items the actor may not touch are reported back untouched, the rest change in one
 * transaction with one event each (and the Kanban totals for deals).
 */
export async function bulkAction(ctx: Ctx, entity: EntityType, a: Bulk): Promise<{ done: number; denied: number[] }> {
  const spec = specOf(entity);
  let stage: StageRow | undefined;
  if (a.action === 'stage') {
    if (!spec.stageColumn) throw errors.field('action', 'crm.list.bulk_stage_unsupported');
    stage = await findStage(ctx, a.stageId);
    if (!stage || stage.entity_type !== entity) throw stageNotFound();
  }
  if (a.action === 'responsible') {
    if (!(await activeUserIds(ctx, [a.responsibleId])).has(a.responsibleId)) throw errors.field('responsibleId', 'crm.deal.user_not_found');
  }
  const ids = [...new Set(a.ids)];
  const [mayRead, mayAct] = await Promise.all([scopeTest(ctx, entity, 'read'), scopeTest(ctx, entity, a.action === 'delete' ? 'delete' : 'edit')]);

  return transaction(ctx, async (tx) => {
    const rows = await lockedRows(tx, entity, ids);
    const found = new Map(rows.map((r) => [r.id, r]));
    const denied: number[] = [];
    const ok: Row[] = [];
    for (const id of ids) {
      const r = found.get(id);
      const fits = r && (!stage || entity !== 'deal' || r.pipeline_id === stage.pipeline_id);
      if (r && fits && mayRead(r.responsible_id, r.pipeline_id) && mayAct(r.responsible_id, r.pipeline_id)) ok.push(r);
      else denied.push(id);
    }
    if (stage && entity === 'deal' && ok.length === 0 && rows.length > 0 && rows.every((r) => r.pipeline_id !== stage!.pipeline_id)) throw otherPipeline();
    if (!ok.length) return { done: 0, denied };

    if (a.action === 'delete') {
      const okIds = ok.map((r) => r.id);
      const full: ItemRow<ItemType>[] = [];
      for (let i = 0; i < okIds.length; i += 500)
        full.push(
          ...(await scoped(tx)
            .selectFrom(spec.table)
            .selectAll()
            .where('id', 'in', okIds.slice(i, i + 500))
            .execute()),
        );
      await trashItems(tx, entity, full, { reason: 'delete' });
      return { done: ok.length, denied };
    }

    const field = a.action === 'responsible' ? 'responsible_id' : spec.stageColumn!;
    const value = a.action === 'responsible' ? a.responsibleId : stage!.id;
    const changed = ok.filter((r) => (a.action === 'responsible' ? r.responsible_id : r.stage_id) !== value);
    if (changed.length) {
      await setRows(
        tx,
        entity,
        changed.map((r) => r.id),
        a.action === 'responsible' ? { responsibleId: a.responsibleId } : { stage: stage! },
      );
      if (entity === 'deal') {
        const totals = new TotalsDelta();
        for (const r of changed) {
          const from = { stageId: r.stage_id!, responsibleId: r.responsible_id, amount: r.amount!, currency: r.currency! };
          totals.move(from, a.action === 'responsible' ? { ...from, responsibleId: a.responsibleId } : { ...from, stageId: stage!.id });
        }
        await totals.apply(tx);
      }
      const events = changed.map((r) =>
        eventOf(crmItemEvents[entity].updated, {
          entityType: entity,
          entityId: r.id,
          changes: [{ field, old: a.action === 'responsible' ? r.responsible_id : r.stage_id, new: value }],
          payload: {
            bulk: true,
            ...(entity === 'deal' ? { pipelineId: r.pipeline_id, stageId: stage?.id ?? r.stage_id, stageKind: stage?.kind ?? r.stage_kind } : {}),
            ...(entity === 'lead' && stage ? { statusId: stage.id, statusKind: stage.kind } : {}),
            responsibleId: a.action === 'responsible' ? a.responsibleId : r.responsible_id,
          },
        }),
      );
      await recordEvents(tx, events);
    }
    return { done: ok.length, denied };
  });
}
