import type { z } from 'zod';
import type { DealInput } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors, type FieldError } from '../../../platform/errors.js';
import { fieldDefs, validateCustom } from '../fields.js';
import { allowed, scopeTest } from '../rights.js';
import { defaultPipeline, findPipeline, findStage, stageRows, type StageRow } from '../pipelines/repository.js';
import { stageNotFound } from '../pipelines/service.js';
import { buildSearchText, parseJson } from '../values.js';
import { amountOfWrite, type ProductRow } from './products.js';
import { people } from '../../users/api.js';
import type { DealRow } from './store.js';
import { layoutRequired } from '../admin/layouts.js';

export type DealPatch = Partial<z.infer<typeof DealInput>>;

/** A checked deal input: the columns to write and the links to replace. */
export interface PreparedDeal {
  set: Partial<Record<keyof DealRow, unknown>>;
  /** The stage the deal stands in after the write, when it is new or changes. */
  stage?: StageRow;
  contacts?: { ids: number[]; primary: number | null };
  observers?: number[];
  products?: ProductRow[];
}

const COLUMNS = {
  title: 'title',
  currency: 'currency',
  companyId: 'company_id',
  responsibleId: 'responsible_id',
  beginDate: 'begin_date',
  closeDate: 'close_date',
  comments: 'comments',
  source: 'source',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  utmContent: 'utm_content',
  utmTerm: 'utm_term',
  firstTouchAt: 'first_touch_at',
} as const;

export const otherPipeline = () => new AppError(400, 'validation', 'crm.stage_other_pipeline', {}, [{ field: 'stageId', message: 'crm.stage_other_pipeline' }]);

export function isDay(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** A deal date: a real day within reason (a typo like 0202 is refused rather than stored). */
function isDealDay(v: string): boolean {
  const year = Number(v.slice(0, 4));
  return isDay(v) && year >= 1900 && year <= 2200;
}

/** The stage a deal lands in: the one asked for (it must be of the pipeline), or the pipeline's first. */
async function resolveStage(ctx: Ctx, input: DealPatch, before: DealRow | null, errs: FieldError[]): Promise<StageRow | undefined> {
  const pipelineChanges = input.pipelineId !== undefined && input.pipelineId !== before?.pipeline_id;
  const stageChanges = input.stageId !== undefined && input.stageId !== before?.stage_id;
  if (before && !pipelineChanges && !stageChanges) return undefined;
  let pipelineId = before?.pipeline_id;
  if (input.pipelineId !== undefined) {
    const p = await findPipeline(ctx, input.pipelineId);
    if (!p) {
      errs.push({ field: 'pipelineId', message: 'crm.deal.pipeline_not_found' });
      return undefined;
    }
    pipelineId = p.id;
  }
  if (input.stageId !== undefined) {
    const s = await findStage(ctx, input.stageId);
    if (!s) throw stageNotFound();
    if (s.entity_type !== 'deal' || (pipelineId !== undefined && s.pipeline_id !== pipelineId)) throw otherPipeline();
    return s;
  }
  if (pipelineId === undefined) pipelineId = (await defaultPipeline(ctx))?.id;
  const first = pipelineId !== undefined ? (await stageRows(ctx, pipelineId))[0] : undefined;
  if (!first) throw errors.field('pipelineId', 'crm.deal.pipeline_not_found');
  return first;
}

export async function prepareDeal(ctx: Ctx, input: DealPatch, before: DealRow | null): Promise<PreparedDeal> {
  const errs: FieldError[] = [];
  const out: PreparedDeal = { set: {} };
  const set = out.set as Record<string, unknown>;
  for (const [key, column] of Object.entries(COLUMNS)) {
    const v = (input as Record<string, unknown>)[key];
    if (v !== undefined) set[column] = typeof v === 'string' && key !== 'title' && key !== 'comments' && v.trim() === '' ? null : v;
  }
  if (!before && input.responsibleId === undefined) set.responsible_id = ctx.actor?.userId ?? null;

  out.stage = await resolveStage(ctx, input, before, errs);
  if (out.stage) {
    set.pipeline_id = out.stage.pipeline_id;
    set.stage_id = out.stage.id;
    set.stage_kind = out.stage.kind;
  }

  // The amount follows the product rows unless the user set it by hand.
  const amount = await amountOfWrite(ctx, 'deal', input, before, errs);
  if (amount.rows) out.products = amount.rows;
  if (amount.amount !== undefined) set.amount = amount.amount;
  if (amount.amountManual !== undefined) set.amount_manual = amount.amountManual;

  for (const f of ['beginDate', 'closeDate'] as const) {
    const v = input[f];
    if (v && !isDealDay(v)) errs.push({ field: f, message: 'crm.date_invalid' });
  }
  if (input.firstTouchAt) {
    const t = Date.parse(input.firstTouchAt);
    const year = new Date(t).getUTCFullYear();
    if (Number.isNaN(t) || year < 1900 || year > 2200) errs.push({ field: 'firstTouchAt', message: 'crm.date_invalid' });
    else set.first_touch_at = new Date(t).toISOString();
  }

  const userIds = [...new Set([...(input.responsibleId ? [input.responsibleId] : []), ...(input.observerIds ?? [])])];
  if (userIds.length) {
    const found = [...(await people(ctx, userIds)).values()];
    const active = new Set(found.filter((u) => u.active).map((u) => u.id));
    const known = new Set(found.map((u) => u.id));
    if (input.responsibleId && !active.has(input.responsibleId)) errs.push({ field: 'responsibleId', message: 'crm.deal.user_not_found' });
    input.observerIds?.forEach((u, i) => !known.has(u) && errs.push({ field: `observerIds.${i}`, message: 'crm.deal.user_not_found' }));
  }
  if (input.observerIds !== undefined) out.observers = input.observerIds;

  // Linking needs read on the linked item (one query for each kind, over the whole set of ids);
  // links the deal already has stay as they are, readable or not.
  let companyTitle: string | null | undefined;
  const companyId = input.companyId !== undefined ? input.companyId : (before?.company_id ?? null);
  if (companyId && (input.companyId !== undefined || input.title !== undefined)) {
    const c = await scoped(ctx).selectFrom('crm_company').select(['title', 'responsible_id']).where('id', '=', companyId).executeTakeFirst();
    const linking = companyId !== (before?.company_id ?? null);
    if (!c || (linking && !(await allowed(ctx, 'company', 'read', c.responsible_id)))) errs.push({ field: 'companyId', message: 'crm.deal.company_not_found' });
    companyTitle = c?.title ?? null;
  }

  if (input.contactIds !== undefined || input.primaryContactId !== undefined) {
    const current = before ? (await scoped(ctx).selectFrom('crm_deal_contact').select('contact_id').where('deal_id', '=', before.id).execute()).map((r) => r.contact_id) : [];
    const ids = input.contactIds ?? current;
    const primary = input.primaryContactId ?? null;
    const wanted = [...new Set(primary ? [...ids, primary] : ids)];
    if (wanted.length) {
      const linked = new Set(current);
      const [rows, canRead] = await Promise.all([scoped(ctx).selectFrom('crm_contact').select(['id', 'responsible_id']).where('id', 'in', wanted).execute(), scopeTest(ctx, 'contact', 'read')]);
      const found = new Set(rows.filter((r) => linked.has(r.id) || canRead(r.responsible_id)).map((r) => r.id));
      input.contactIds?.forEach((c, i) => !found.has(c) && errs.push({ field: `contactIds.${i}`, message: 'crm.deal.contact_not_found' }));
      if (primary && !found.has(primary)) errs.push({ field: 'primaryContactId', message: 'crm.deal.contact_not_found' });
    }
    out.contacts = { ids, primary };
  }

  if (input.custom !== undefined || !before) {
    const defs = await fieldDefs(ctx, 'deal');
    const beforeCustom = parseJson<Record<string, unknown>>(before?.custom, {});
    const custom = await validateCustom(ctx, defs, beforeCustom, input.custom, errs, { creating: !before });
    if (JSON.stringify(custom) !== JSON.stringify(beforeCustom) || !before) set.custom = JSON.stringify(custom);
  }

  await checkLayoutRequired(ctx, input, before, out, errs);

  if (errs.length) throw errors.validation(errs);
  if (!before || input.title !== undefined || input.companyId !== undefined) {
    set.search_text = buildSearchText([(input.title ?? before?.title)!, companyTitle]);
  }
  return out;
}

/** The card's standard keys a pipeline's layout may require, with the input key and the stored column they read. */
const REQUIRABLE: Record<string, { input: keyof DealPatch; column?: keyof DealRow }> = {
  title: { input: 'title', column: 'title' },
  company: { input: 'companyId', column: 'company_id' },
  contacts: { input: 'contactIds' },
  responsible: { input: 'responsibleId', column: 'responsible_id' },
  beginDate: { input: 'beginDate', column: 'begin_date' },
  closeDate: { input: 'closeDate', column: 'close_date' },
  source: { input: 'source', column: 'source' },
  comments: { input: 'comments', column: 'comments' },
};

const blank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The fields the deal's pipeline requires by its card layout («Компания» on «Воронка обзвона»):
 * checked when the deal is created or moves to the pipeline, and when the patch empties one.
 */
async function checkLayoutRequired(ctx: Ctx, input: DealPatch, before: DealRow | null, out: PreparedDeal, errs: FieldError[]): Promise<void> {
  const pipelineId = out.stage?.pipeline_id ?? before?.pipeline_id ?? null;
  if (pipelineId === null) return;
  const entering = !before || pipelineId !== before.pipeline_id;
  const required = await layoutRequired(ctx, 'deal', pipelineId);
  if (!required.length) return;
  const custom = typeof out.set.custom === 'string' ? parseJson<Record<string, unknown>>(out.set.custom, {}) : parseJson<Record<string, unknown>>(before?.custom, {});
  for (const key of required) {
    const std = REQUIRABLE[key];
    if (std) {
      const given = (input as Record<string, unknown>)[std.input];
      if (!entering && given === undefined) continue;
      let value = given;
      if (value === undefined && before) {
        value = std.column ? before[std.column] : (await scoped(ctx).selectFrom('crm_deal_contact').select('contact_id').where('deal_id', '=', before.id).limit(1).execute()).map((r) => r.contact_id);
      }
      if (key === 'responsible' && value === undefined) value = out.set.responsible_id;
      if (blank(value) && !errs.some((e) => e.field === std.input)) errs.push({ field: std.input, message: 'crm.field_required' });
    } else if ((entering || input.custom?.[key] !== undefined) && blank(custom[key]) && !errs.some((e) => e.field === `custom.${key}`)) {
      errs.push({ field: `custom.${key}`, message: 'crm.field_required' });
    }
  }
}
