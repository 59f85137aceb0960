import { crmEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { LeadConvertInput, LeadConvertResult, TypedValue } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { nowIso } from '../../../platform/db/database.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordEvent, type Change } from '../../../platform/events/outbox.js';
import { allowed, authorize } from '../rights.js';
import { buildSearchText, parseJson } from '../values.js';
import { insertDeal } from '../deals/store.js';
import { copyOfRows, storedRows } from '../deals/products.js';
import { defaultPipeline, findPipeline, stageRows } from '../pipelines/repository.js';
import { actorId, customColumn, pathOf } from './common.js';
import { getItem, insertItem } from '../items/service.js';
import { findLead, leadStatuses, type LeadRow } from './leads.js';

type ConvertIn = z.infer<typeof LeadConvertInput>;

/** The deal pipeline a converted lead goes to (the default one unless chosen) and its first stage. */
async function dealStage(ctx: Ctx, pipelineId: number | undefined) {
  const pipeline = pipelineId ? await findPipeline(ctx, pipelineId) : await defaultPipeline(ctx);
  if (!pipeline) throw pipelineId ? errors.field('deal.pipelineId', 'error.not_found') : errors.field('deal', 'crm.clients.no_pipeline');
  const stages = await stageRows(ctx, pipeline.id);
  const stage = stages.find((s) => s.kind === 'progress') ?? stages[0];
  if (!stage) throw errors.field('deal.pipelineId', 'crm.stage_not_found');
  return stage;
}

/**
 * The deal of a conversion, through the deals part's store (which keeps the Kanban totals and
 * records 'crm.deal.created'); its history also tells which lead it came from.
 */
async function insertDealFromLead(ctx: Ctx, lead: LeadRow, pipelineId: number | undefined, companyId: number | null, contactId: number | null): Promise<number> {
  const stage = await dealStage(ctx, pipelineId);
  if (!(await allowed(ctx, 'deal', 'add', lead.responsible_id ?? actorId(ctx), stage.pipeline_id))) throw errors.forbidden();
  const custom = await customColumn(ctx, 'deal', {}, parseJson(lead.custom, {}), [], true);
  const companyTitle = companyId ? ((await scoped(ctx).selectFrom('crm_company').select('title').where('id', '=', companyId).executeTakeFirst())?.title ?? null) : null;
  const dealId = await insertDeal(ctx, {
    title: lead.title,
    stage,
    // The lead's product rows go over to the deal, and its amount as it stands.
    amount: Number(lead.amount),
    amountManual: !!Number(lead.amount_manual),
    products: copyOfRows(await storedRows(ctx, 'lead', lead.id)),
    currency: lead.currency,
    companyId,
    contactIds: contactId ? [contactId] : [],
    primaryContactId: contactId,
    responsibleId: lead.responsible_id,
    beginDate: nowIso().slice(0, 10),
    custom: custom?.custom ?? {},
    leadId: lead.id,
    searchText: buildSearchText([lead.title, companyTitle]),
    source: lead.source,
    utm_source: lead.utm_source,
    utm_medium: lead.utm_medium,
    utm_campaign: lead.utm_campaign,
    utm_content: lead.utm_content,
    utm_term: lead.utm_term,
    first_touch_at: lead.first_touch_at,
  });
  await recordEvent(ctx, crmEvents.dealCreatedFromLead, {
    entityType: 'deal',
    entityId: dealId,
    payload: { leadId: lead.id, companyId, contactId },
    changes: [{ field: 'lead_id', old: null, new: lead.id }],
  });
  return dealId;
}

/**
 * Converts a lead into a contact, a company and/or a deal in one transaction: the new items
 * carry the lead's data, client path and same-named custom values; the lead keeps links to
 * them and moves to the success status. A lead converts once.
 */
export async function convertLead(ctx: Ctx, id: number, input: ConvertIn): Promise<z.infer<typeof LeadConvertResult>> {
  actorId(ctx);
  if (!input.contact && !input.company && !input.deal) throw new AppError(400, 'validation', 'crm.clients.convert_nothing');
  const ids = await transaction(ctx, async (tx) => {
    const lead = await findLead(tx, id, { lock: true });
    if (!lead) throw errors.notFound();
    await authorize(tx, 'lead', 'edit', lead.responsible_id);
    if (lead.converted_at) throw new AppError(400, 'lead_converted', 'crm.lead_converted');
    const responsible = lead.responsible_id ?? actorId(tx);
    const wanted = [input.contact && 'contact', input.company && 'company', input.deal && 'deal'].filter(Boolean) as ('contact' | 'company' | 'deal')[];
    // A deal's right is its pipeline's: checked where its stage is known.
    for (const kind of wanted) if (kind !== 'deal' && !(await allowed(tx, kind, 'add', responsible))) throw errors.forbidden();

    const custom = parseJson<Record<string, unknown>>(lead.custom, {});
    const phones = parseJson<TypedValue[]>(lead.phones, []);
    const emails = parseJson<TypedValue[]>(lead.emails, []);
    const path = pathOf(lead);
    const companyId = input.company
      ? await insertItem(
          tx,
          'company',
          {
            title: (lead.company_title || lead.title).slice(0, 500),
            phones,
            emails,
            websites: parseJson(lead.websites, []),
            responsibleId: responsible,
            custom,
            ...path,
          },
          { leadId: id, lenientCustom: true },
        )
      : null;
    const named = lead.first_name.trim() || lead.last_name.trim();
    const contactId = input.contact
      ? await insertItem(
          tx,
          'contact',
          {
            lastName: lead.last_name,
            firstName: named ? lead.first_name : lead.title.slice(0, 100),
            middleName: lead.middle_name,
            position: lead.position,
            phones,
            emails,
            messengers: parseJson(lead.messengers, []),
            companyIds: companyId ? [companyId] : [],
            responsibleId: responsible,
            custom,
            ...path,
          },
          { leadId: id, lenientCustom: true },
        )
      : null;
    const dealId = input.deal ? await insertDealFromLead(tx, lead, input.deal.pipelineId, companyId, contactId) : null;

    const success = (await leadStatuses(tx)).find((s) => s.kind === 'success');
    const now = nowIso();
    const set = {
      contact_id: contactId,
      company_id: companyId,
      deal_id: dealId,
      converted_at: now,
      ...(success ? { status_id: success.id, status_kind: success.kind } : {}),
    };
    const r = await scoped(tx)
      .updateTable('crm_lead')
      .set({ ...set, version: lead.version + 1, updated_at: now })
      .where('id', '=', id)
      .where('converted_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError(400, 'lead_converted', 'crm.lead_converted');
    const changes: Change[] = [];
    if (success && success.id !== lead.status_id) changes.push({ field: 'status_id', old: lead.status_id, new: success.id });
    for (const [field, value] of [
      ['contact_id', contactId],
      ['company_id', companyId],
      ['deal_id', dealId],
    ] as const) {
      if (value) changes.push({ field, old: lead[field], new: value });
    }
    changes.push({ field: 'converted_at', old: null, new: now });
    await recordEvent(tx, crmEvents.leadConverted, { entityType: 'lead', entityId: id, payload: { contactId, companyId, dealId }, changes });
    return { contactId, companyId, dealId };
  });
  return { lead: await getItem(ctx, 'lead', id), ...ids };
}
