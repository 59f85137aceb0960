import type { Deal } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { fieldDefs, visibleCustom } from '../fields.js';
import { itemAbilities } from '../rights.js';
import { fromMinor, parseJson } from '../values.js';
import { dealProductTotals, toDealProduct } from './products.js';
import type { DealRow } from './store.js';

export interface UserRef {
  id: number;
  fullName: string;
  photoUrl: string | null;
}

export async function userRefs(ctx: Ctx, ids: (number | null | undefined)[]): Promise<Map<number, UserRef>> {
  const unique = [...new Set(ids.filter((i): i is number => !!i))];
  if (!unique.length) return new Map();
  const rows = await scoped(ctx).selectFrom('app_user').select(['id', 'first_name', 'last_name', 'photo_url']).where('id', 'in', unique).execute();
  return new Map(rows.map((u) => [u.id, { id: u.id, fullName: `${u.first_name} ${u.last_name}`.trim(), photoUrl: u.photo_url }]));
}

export function personName(r: { last_name: string; first_name: string; middle_name?: string }, id: number): string {
  return [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ') || `#${id}`;
}

/** The deal card: its links resolved, custom values the actor may read, and what the actor may do. */
export async function toDeal(ctx: Ctx, d: DealRow): Promise<Deal> {
  const [contacts, observers, products, company, defs, abilities] = await Promise.all([
    scoped(ctx)
      .selectFrom('crm_deal_contact')
      .innerJoin('crm_contact', 'crm_contact.id', 'crm_deal_contact.contact_id')
      .select(['crm_contact.id', 'crm_contact.last_name', 'crm_contact.first_name', 'crm_contact.middle_name', 'crm_deal_contact.is_primary'])
      .where('crm_deal_contact.deal_id', '=', d.id)
      .orderBy('crm_deal_contact.is_primary', 'desc')
      .orderBy('crm_contact.id')
      .execute(),
    scoped(ctx).selectFrom('crm_deal_observer').select('user_id').where('deal_id', '=', d.id).execute(),
    scoped(ctx).selectFrom('crm_deal_product').selectAll().where('deal_id', '=', d.id).orderBy('sort').orderBy('id').execute(),
    d.company_id ? scoped(ctx).selectFrom('crm_company').select(['id', 'title']).where('id', '=', d.company_id).executeTakeFirst() : undefined,
    fieldDefs(ctx, 'deal'),
    itemAbilities(ctx, 'deal', d.responsible_id),
  ]);
  const users = await userRefs(ctx, [d.responsible_id, d.created_by, ...observers.map((o) => o.user_id)]);
  return {
    id: d.id,
    title: d.title,
    pipelineId: d.pipeline_id,
    stageId: d.stage_id,
    stageKind: d.stage_kind,
    amount: fromMinor(Number(d.amount))!,
    currency: d.currency,
    company: company ? { id: company.id, title: company.title, entityType: 'company' } : null,
    contacts: contacts.map((c) => ({ id: c.id, title: personName(c, c.id), entityType: 'contact' as const, isPrimary: !!c.is_primary })),
    observers: observers.map((o) => users.get(o.user_id)).filter((u): u is UserRef => !!u),
    beginDate: d.begin_date,
    closeDate: d.close_date,
    products: products.map(toDealProduct),
    productTotals: dealProductTotals(products),
    leadId: d.lead_id,
    responsible: d.responsible_id ? users.get(d.responsible_id) ?? null : null,
    phones: parseJson(d.phones, []),
    emails: parseJson(d.emails, []),
    websites: parseJson(d.websites, []),
    messengers: parseJson(d.messengers, []),
    clientPath: {
      source: d.source, utmSource: d.utm_source, utmMedium: d.utm_medium, utmCampaign: d.utm_campaign,
      utmContent: d.utm_content, utmTerm: d.utm_term, firstTouchAt: d.first_touch_at,
    },
    comments: d.comments,
    custom: visibleCustom(defs, parseJson(d.custom, {})),
    createdBy: d.created_by ? users.get(d.created_by) ?? null : null,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    version: d.version,
    abilities,
  };
}
