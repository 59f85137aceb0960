import { crmEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Deal, DealInput, StageMove } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { recordEvent, type Change } from '../../../platform/events/outbox.js';
import { allowed, authorize, canAdd } from '../rights.js';
import { findStage } from '../pipelines/repository.js';
import { stageNotFound } from '../pipelines/service.js';
import { fromMinor, parseJson } from '../values.js';
import { otherPipeline, prepareDeal, type DealPatch } from './input.js';
import { findDealCard, toDeal } from './mapping.js';
import { cardOf, placeInColumn } from './kanban.js';
import { trashItems } from '../trash/api.js';
import { findDeal, insertDeal, replaceContacts, replaceObservers, replaceProducts, type DealRow } from './store.js';
import { TotalsDelta } from './totals.js';
import { linkItemFiles } from '../file-links.js';

export async function getDeal(ctx: Ctx, id: number): Promise<Deal> {
  const d = await findDealCard(ctx, id);
  if (!d) throw errors.notFound();
  await authorize(ctx, 'deal', 'read', d.responsible_id, d.pipeline_id);
  return toDeal(ctx, d);
}

export async function createDeal(ctx: Ctx, input: z.infer<typeof DealInput>): Promise<Deal> {
  if (!(await canAdd(ctx, 'deal'))) throw errors.forbidden();
  const id = await transaction(ctx, async (tx) => {
    const p = await prepareDeal(tx, input, null);
    const s = p.set as Partial<DealRow>;
    if (!(await allowed(tx, 'deal', 'add', s.responsible_id ?? null, p.stage!.pipeline_id))) throw errors.forbidden();
    return insertDeal(tx, {
      title: input.title,
      stage: p.stage!,
      amount: s.amount!,
      amountManual: !!s.amount_manual,
      currency: s.currency,
      companyId: s.company_id,
      contactIds: p.contacts?.ids,
      primaryContactId: p.contacts?.primary,
      responsibleId: s.responsible_id ?? null,
      observerIds: p.observers,
      beginDate: s.begin_date,
      closeDate: s.close_date,
      products: p.products,
      comments: s.comments,
      custom: parseJson(s.custom as string, {}),
      searchText: s.search_text!,
      source: s.source,
      utm_source: s.utm_source,
      utm_medium: s.utm_medium,
      utm_campaign: s.utm_campaign,
      utm_content: s.utm_content,
      utm_term: s.utm_term,
      first_touch_at: s.first_touch_at,
    });
  });
  return getDeal(ctx, id);
}

/** The deal columns its history tracks (custom values too, as `custom.<code>`). */
export const TRACKED: (keyof DealRow)[] = [
  'title',
  'pipeline_id',
  'stage_id',
  'amount',
  'currency',
  'company_id',
  'responsible_id',
  'begin_date',
  'close_date',
  'comments',
  'source',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'first_touch_at',
];

function columnChanges(before: DealRow, set: Partial<Record<keyof DealRow, unknown>>): Change[] {
  const out: Change[] = [];
  for (const f of TRACKED) {
    if (!(f in set)) continue;
    const [a, b] = f === 'amount' ? [fromMinor(Number(before.amount)), fromMinor(Number(set.amount))] : [before[f] ?? null, set[f] ?? null];
    if (a !== b) out.push({ field: f, old: a, new: b });
  }
  if (typeof set.custom === 'string') {
    const a = parseJson<Record<string, unknown>>(before.custom, {});
    const b = parseJson<Record<string, unknown>>(set.custom, {});
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)) out.push({ field: `custom.${k}`, old: a[k] ?? null, new: b[k] ?? null });
    }
  }
  return out;
}

const listChange = (field: string, a: unknown[], b: unknown[]): Change[] => (JSON.stringify(a) === JSON.stringify(b) ? [] : [{ field, old: a, new: b }]);

export async function updateDeal(ctx: Ctx, id: number, input: DealPatch & { version: number }): Promise<Deal> {
  const { version, ...patch } = input;
  await transaction(ctx, async (tx) => {
    const before = await findDeal(tx, id, true);
    if (!before) throw errors.notFound();
    await authorize(tx, 'deal', 'edit', before.responsible_id, before.pipeline_id);
    if (before.version !== version) throw errors.conflict();
    const p = await prepareDeal(tx, patch, before);
    if (p.set.search_text === before.search_text) delete p.set.search_text;
    const changes = columnChanges(before, p.set);
    if (p.contacts) {
      const rows = await scoped(tx).selectFrom('crm_deal_contact').select(['contact_id', 'is_primary']).where('deal_id', '=', id).execute();
      const oldIds = rows.map((r) => r.contact_id).sort((a, b) => a - b);
      const newIds = [...new Set(p.contacts.primary ? [...p.contacts.ids, p.contacts.primary] : p.contacts.ids)].sort((a, b) => a - b);
      const oldPrimary = rows.find((r) => r.is_primary)?.contact_id ?? null;
      const newPrimary = p.contacts.primary ?? p.contacts.ids[0] ?? null;
      changes.push(...listChange('contact_ids', oldIds, newIds), ...(oldPrimary !== newPrimary ? [{ field: 'primary_contact_id', old: oldPrimary, new: newPrimary }] : []));
      await replaceContacts(tx, id, p.contacts.ids, p.contacts.primary);
    }
    if (p.observers) {
      const rows = await scoped(tx).selectFrom('crm_deal_observer').select('user_id').where('deal_id', '=', id).execute();
      changes.push(
        ...listChange(
          'observer_ids',
          rows.map((r) => r.user_id).sort((a, b) => a - b),
          [...new Set(p.observers)].sort((a, b) => a - b),
        ),
      );
      await replaceObservers(tx, id, p.observers);
    }
    if (p.products) changes.push(...(await replaceProducts(tx, id, p.products)));
    // «Пересчитать по товарам» may change nothing but the flag.
    const flagChanged = p.set.amount_manual !== undefined && Number(p.set.amount_manual) !== Number(before.amount_manual);
    if (!changes.length && !('search_text' in p.set) && !flagChanged) return;
    const at = nowIso();
    // A deal moved to another stage from its card comes in at the top of that column.
    const moved = p.stage && p.stage.id !== before.stage_id ? { stage_changed_at: at, kanban_sort: await placeInColumn(tx, p.stage.id, id) } : p.stage ? { stage_changed_at: at } : {};
    await scoped(tx).updateVersioned('crm_deal', id, version, { ...(p.set as object), ...moved, updated_at: at });
    if ('custom' in p.set) await linkItemFiles(tx, 'deal', id, String(p.set.custom));
    const after = { ...before, ...(p.set as Partial<DealRow>) };
    // A deal taken to another pipeline needs the right to add it there (as Bitrix24 asks).
    if (after.pipeline_id !== before.pipeline_id && !(await allowed(tx, 'deal', 'add', after.responsible_id, after.pipeline_id))) throw errors.forbidden();
    await new TotalsDelta()
      .move(
        { stageId: before.stage_id, responsibleId: before.responsible_id, amount: Number(before.amount), currency: before.currency },
        { stageId: after.stage_id, responsibleId: after.responsible_id, amount: Number(after.amount), currency: after.currency },
      )
      .apply(tx);
    if (changes.length) {
      await recordEvent(tx, crmEvents.dealUpdated, {
        entityType: 'deal',
        entityId: id,
        changes,
        payload: { pipelineId: after.pipeline_id, stageId: after.stage_id, stageKind: after.stage_kind, responsibleId: after.responsible_id },
      });
    }
  });
  return getDeal(ctx, id);
}

export async function deleteDeal(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const d = await findDeal(tx, id, true);
    if (!d) throw errors.notFound();
    await authorize(tx, 'deal', 'delete', d.responsible_id, d.pipeline_id);
    await trashItems(tx, 'deal', [d], { reason: 'delete' });
  });
}

/** The Kanban drag: the server checks the stage and the version, then answers with the updated card. */
export async function moveDeal(ctx: Ctx, id: number, input: z.infer<typeof StageMove>) {
  await transaction(ctx, async (tx) => {
    const d = await findDeal(tx, id, true);
    if (!d) throw errors.notFound();
    await authorize(tx, 'deal', 'edit', d.responsible_id, d.pipeline_id);
    const stage = await findStage(tx, input.stageId);
    if (!stage) throw stageNotFound();
    if (stage.entity_type !== 'deal' || stage.pipeline_id !== d.pipeline_id) throw otherPipeline();
    if (d.version !== input.version) throw errors.conflict();
    const kanbanSort = await placeInColumn(tx, stage.id, id, input.afterId);
    // A drag within the column only changes the card's place: no new version, no history.
    if (stage.id === d.stage_id) {
      await scoped(tx).updateTable('crm_deal').set({ kanban_sort: kanbanSort }).where('id', '=', id).execute();
      return;
    }
    const at = nowIso();
    await scoped(tx).updateVersioned('crm_deal', id, input.version, { stage_id: stage.id, stage_kind: stage.kind, stage_changed_at: at, updated_at: at, kanban_sort: kanbanSort });
    const amount = Number(d.amount);
    const currency = d.currency;
    await new TotalsDelta().move({ stageId: d.stage_id, responsibleId: d.responsible_id, amount, currency }, { stageId: stage.id, responsibleId: d.responsible_id, amount, currency }).apply(tx);
    await recordEvent(tx, crmEvents.dealUpdated, {
      entityType: 'deal',
      entityId: id,
      payload: { pipelineId: d.pipeline_id, stageId: stage.id, stageKind: stage.kind, responsibleId: d.responsible_id },
      changes: [{ field: 'stage_id', old: d.stage_id, new: stage.id }],
    });
  });
  const [d, card] = await Promise.all([findDeal(ctx, id), cardOf(ctx, id)]);
  if (!d || !card) throw errors.notFound();
  return { ...card, stageId: d.stage_id, stageKind: d.stage_kind };
}
