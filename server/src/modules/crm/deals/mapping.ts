import { sql } from 'kysely';
import type { Deal } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { fieldDefs, visibleCustom } from '../fields.js';
import { prepared } from '../prepared.js';
import { hiddenTitle, itemAbilities, scopeTest } from '../rights.js';
import { fromMinor, parseJson } from '../values.js';
import { dealProductTotals, toDealProduct } from './products.js';
import { portalUsersQuery, userNameSql, userPhotoSql } from '../../users/api.js';

export function personName(r: { last_name: string; first_name: string; middle_name?: string }, id: number): string {
  return [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ') || `#${id}`;
}

const userName = (first: string | null, last: string | null) => `${first ?? ''} ${last ?? ''}`.trim();

/** A deal with what its card shows of its company, responsible and author, in one statement. */
const dealCard = prepared((ctx, a: { id: number }) =>
  scoped(ctx)
    .selectFrom('crm_deal')
    .leftJoin('crm_company', (j) => j.onRef('crm_company.id', '=', 'crm_deal.company_id').onRef('crm_company.portal_id', '=', 'crm_deal.portal_id'))
    .selectAll('crm_deal')
    .select((eb) => [
      'crm_company.title as company_title',
      'crm_company.responsible_id as company_responsible_id',
      userNameSql(ctx, eb, 'crm_deal.responsible_id').as('responsible_name'),
      userPhotoSql(ctx, eb, 'crm_deal.responsible_id').as('responsible_photo_url'),
      userNameSql(ctx, eb, 'crm_deal.created_by').as('author_name'),
      userPhotoSql(ctx, eb, 'crm_deal.created_by').as('author_photo_url'),
    ])
    .where('crm_deal.id', '=', a.id),
);

export async function findDealCard(ctx: Ctx, id: number) {
  return (await dealCard(ctx, { id }))[0];
}

export type DealCardRow = NonNullable<Awaited<ReturnType<typeof findDealCard>>>;

type PersonRow = {
  k: 'contact' | 'observer';
  id: number;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  responsible_id: number | null;
  is_primary: number;
  photo_url: string | null;
};

/** The deal's contacts and observers with their names, in one statement. */
const people = prepared((ctx, a: { dealId: number }) => {
  const n = sql`cast(null as text)`;
  return scoped(ctx)
    .selectFrom('crm_deal_contact')
    .innerJoin('crm_contact', 'crm_contact.id', 'crm_deal_contact.contact_id')
    .select([
      sql.lit('contact').as('k'),
      'crm_contact.id',
      'crm_contact.last_name',
      'crm_contact.first_name',
      'crm_contact.middle_name',
      'crm_contact.responsible_id',
      'crm_deal_contact.is_primary',
      n.as('photo_url'),
    ])
    .where('crm_deal_contact.deal_id', '=', a.dealId)
    .unionAll(
      portalUsersQuery(ctx, scoped(ctx).selectFrom('crm_deal_observer').select('crm_deal_observer.user_id').where('crm_deal_observer.deal_id', '=', a.dealId)).select([
        // Null for observers; typed as the contacts' columns they stand under in the union.
        sql.lit('observer').as('k'),
        'id',
        'last_name',
        'first_name',
        sql<string>`cast(null as text)`.as('middle_name'),
        sql<number | null>`cast(null as integer)`.as('responsible_id'),
        sql.lit(0).as('is_primary'),
        'photo_url',
      ]),
    );
});

/** The deal's product rows, in their order. */
const productsStatement = prepared((ctx, a: { dealId: number }) => scoped(ctx).selectFrom('crm_product_row').selectAll().where('deal_id', '=', a.dealId).orderBy('sort').orderBy('id'));

async function dealPeople(ctx: Ctx, dealId: number): Promise<PersonRow[]> {
  const rows = await people(ctx, { dealId });
  return (rows as unknown as PersonRow[]).map((r) => ({ ...r, id: Number(r.id), is_primary: Number(r.is_primary) }));
}

/**
 * The deal card: its links resolved, custom values the actor may read, and what the actor may
 * do. A linked company or contact the actor may not read keeps its id and reads «Скрыто».
 */
export async function toDeal(ctx: Ctx, d: DealCardRow): Promise<Deal> {
  const [people, products, defs, abilities, readCompany, readContact] = await Promise.all([
    dealPeople(ctx, d.id),
    productsStatement(ctx, { dealId: d.id }),
    fieldDefs(ctx, 'deal'),
    itemAbilities(ctx, 'deal', d.responsible_id, d.pipeline_id),
    scopeTest(ctx, 'company', 'read'),
    scopeTest(ctx, 'contact', 'read'),
  ]);
  const contacts = people.filter((p) => p.k === 'contact').sort((a, b) => b.is_primary - a.is_primary || a.id - b.id);
  const observers = people.filter((p) => p.k === 'observer').sort((a, b) => a.id - b.id);
  const hidden = hiddenTitle(ctx);
  const companyHidden = !readCompany(d.company_responsible_id);
  return {
    id: d.id,
    title: d.title,
    pipelineId: d.pipeline_id,
    stageId: d.stage_id,
    stageKind: d.stage_kind,
    amount: fromMinor(Number(d.amount))!,
    currency: d.currency,
    company: d.company_id && d.company_title !== null ? { id: d.company_id, title: companyHidden ? hidden : d.company_title, entityType: 'company', ...(companyHidden ? { hidden: true } : {}) } : null,
    contacts: contacts.map((c) => {
      const isHidden = !readContact(c.responsible_id);
      return {
        id: c.id,
        title: isHidden ? hidden : personName({ last_name: c.last_name ?? '', first_name: c.first_name ?? '', middle_name: c.middle_name ?? '' }, c.id),
        entityType: 'contact' as const,
        isPrimary: !!c.is_primary,
        ...(isHidden ? { hidden: true } : {}),
      };
    }),
    observers: observers.map((o) => ({ id: o.id, fullName: userName(o.first_name, o.last_name), photoUrl: o.photo_url })),
    beginDate: d.begin_date,
    closeDate: d.close_date,
    products: products.map(toDealProduct),
    productTotals: dealProductTotals(products),
    amountManual: !!Number(d.amount_manual),
    leadId: d.lead_id,
    responsible: d.responsible_id && d.responsible_name !== null ? { id: d.responsible_id, fullName: d.responsible_name, photoUrl: d.responsible_photo_url } : null,
    phones: parseJson(d.phones, []),
    emails: parseJson(d.emails, []),
    websites: parseJson(d.websites, []),
    messengers: parseJson(d.messengers, []),
    clientPath: {
      source: d.source,
      utmSource: d.utm_source,
      utmMedium: d.utm_medium,
      utmCampaign: d.utm_campaign,
      utmContent: d.utm_content,
      utmTerm: d.utm_term,
      firstTouchAt: d.first_touch_at,
    },
    comments: d.comments,
    custom: visibleCustom(defs, parseJson(d.custom, {})),
    createdBy: d.created_by && d.author_name !== null ? { id: d.created_by, fullName: d.author_name, photoUrl: d.author_photo_url } : null,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    version: d.version,
    abilities,
  };
}
