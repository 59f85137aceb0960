import { crmEvents } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import { lockForUpdate, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { eventOf, recordEvent, recordEvents, type Change } from '../../../platform/events/outbox.js';
import type { ClientColumns, CrmDealTable } from '../schema.js';
import type { StageRow } from '../pipelines/repository.js';
import { fromMinor } from '../values.js';
import { replaceRows, type ProductRow } from './products.js';
import { TotalsDelta } from './totals.js';
import { linkItemFiles } from '../file-links.js';

/**
 * The deal rows and their links, written without rights checks: the deal service checks the
 * rights first; lead conversion, import and the demo seed call these directly. Every write
 * keeps the Kanban totals and records its event in the caller's transaction.
 */
export type DealRow = Selectable<CrmDealTable>;

/** The deal; with `lock`, its row stays locked until the transaction ends. */
export async function findDeal(ctx: Ctx, id: number, lock = false): Promise<DealRow | undefined> {
  const q = scoped(ctx).selectFrom('crm_deal').selectAll().where('id', '=', id);
  return (lock ? lockForUpdate(ctx, q) : q).executeTakeFirst();
}

export type ClientPathColumns = Pick<ClientColumns, 'source' | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'utm_content' | 'utm_term' | 'first_touch_at'>;

export interface NewDeal extends Partial<ClientPathColumns> {
  title: string;
  stage: StageRow;
  /** Kopecks; follows from the product rows when there are any, unless `amountManual`. */
  amount: number;
  amountManual?: boolean;
  currency?: string;
  companyId?: number | null;
  contactIds?: number[];
  primaryContactId?: number | null;
  responsibleId: number | null;
  observerIds?: number[];
  beginDate?: string | null;
  closeDate?: string | null;
  products?: ProductRow[];
  comments?: string;
  custom?: Record<string, unknown>;
  leadId?: number | null;
  searchText: string;
  createdAt?: string;
}

export async function insertDeal(ctx: Ctx, d: NewDeal): Promise<number> {
  const at = d.createdAt ?? nowIso();
  const row = await scoped(ctx)
    .insertInto('crm_deal', {
      title: d.title,
      pipeline_id: d.stage.pipeline_id!,
      stage_id: d.stage.id,
      stage_kind: d.stage.kind,
      amount: d.amount,
      amount_manual: d.amountManual ? 1 : 0,
      currency: d.currency ?? 'RUB',
      company_id: d.companyId ?? null,
      begin_date: d.beginDate ?? null,
      close_date: d.closeDate ?? null,
      lead_id: d.leadId ?? null,
      stage_changed_at: at,
      phones: '[]',
      emails: '[]',
      websites: '[]',
      messengers: '[]',
      responsible_id: d.responsibleId,
      source: d.source ?? null,
      utm_source: d.utm_source ?? null,
      utm_medium: d.utm_medium ?? null,
      utm_campaign: d.utm_campaign ?? null,
      utm_content: d.utm_content ?? null,
      utm_term: d.utm_term ?? null,
      first_touch_at: d.first_touch_at ?? null,
      comments: d.comments ?? '',
      custom: JSON.stringify(d.custom ?? {}),
      search_text: d.searchText,
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
      version: 1,
      // At the top of its Kanban column.
      kanban_sort: Date.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await replaceContacts(ctx, id, d.contactIds ?? [], d.primaryContactId ?? null);
  await replaceObservers(ctx, id, d.observerIds ?? []);
  if (d.products?.length) await replaceProducts(ctx, id, d.products);
  await linkItemFiles(ctx, 'deal', id, d.custom ?? {}, { creating: true });
  await new TotalsDelta().add(d.stage.id, d.responsibleId, 1, d.amount, d.currency ?? 'RUB').apply(ctx);
  await recordEvent(ctx, crmEvents.dealCreated, {
    entityType: 'deal',
    entityId: id,
    payload: {
      title: d.title,
      pipelineId: d.stage.pipeline_id,
      stageId: d.stage.id,
      stageKind: d.stage.kind,
      responsibleId: d.responsibleId,
      amount: fromMinor(d.amount),
      currency: d.currency ?? 'RUB',
      companyId: d.companyId ?? null,
      leadId: d.leadId ?? null,
    },
  });
  return id;
}

/** The contacts of a deal; the primary one is the given one, or the first. */
export async function replaceContacts(ctx: Ctx, dealId: number, ids: number[], primary: number | null): Promise<void> {
  await scoped(ctx).deleteFrom('crm_deal_contact').where('deal_id', '=', dealId).execute();
  const unique = [...new Set(primary ? [primary, ...ids] : ids)];
  if (!unique.length) return;
  const main = primary ?? unique[0];
  await scoped(ctx)
    .insertInto(
      'crm_deal_contact',
      unique.map((c) => ({ deal_id: dealId, contact_id: c, is_primary: c === main ? 1 : 0 })),
    )
    .execute();
}

export async function replaceObservers(ctx: Ctx, dealId: number, ids: number[]): Promise<void> {
  await scoped(ctx).deleteFrom('crm_deal_observer').where('deal_id', '=', dealId).execute();
  const unique = [...new Set(ids)];
  if (unique.length)
    await scoped(ctx)
      .insertInto(
        'crm_deal_observer',
        unique.map((u) => ({ deal_id: dealId, user_id: u })),
      )
      .execute();
}

export async function replaceProducts(ctx: Ctx, dealId: number, rows: ProductRow[]): Promise<Change[]> {
  return replaceRows(ctx, 'deal', dealId, rows);
}

/**
 * Deletes deals already read (and locked) by the caller: links cascade, totals follow, one event
 * each; `trashed` when the trash took what was bound to them first (the event says so).
 */
export async function deleteDealRows(
  ctx: Ctx,
  rows: Pick<DealRow, 'id' | 'title' | 'stage_id' | 'pipeline_id' | 'responsible_id' | 'amount' | 'currency'>[],
  opts: { trashed?: boolean } = {},
): Promise<void> {
  if (!rows.length) return;
  const totals = new TotalsDelta();
  for (const r of rows) totals.add(r.stage_id, r.responsible_id, -1, -Number(r.amount), r.currency);
  for (let i = 0; i < rows.length; i += 500) {
    await scoped(ctx)
      .deleteFrom('crm_deal')
      .where(
        'id',
        'in',
        rows.slice(i, i + 500).map((r) => r.id),
      )
      .execute();
  }
  await totals.apply(ctx);
  await recordEvents(
    ctx,
    rows.map((r) =>
      eventOf(crmEvents.dealDeleted, {
        entityType: 'deal',
        entityId: r.id,
        payload: { title: r.title, pipelineId: r.pipeline_id, stageId: r.stage_id, responsibleId: r.responsible_id, amount: fromMinor(Number(r.amount)), ...(opts.trashed ? { trashed: true } : {}) },
      }),
    ),
  );
}
