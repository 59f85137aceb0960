import type { z } from 'zod';
import type { Selectable } from 'kysely';
import { CompanyInput, crmItemEvents, type Company, type TypedValue } from '@vavilon/contracts';
import { lockForUpdate, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { FieldError } from '../../../platform/errors.js';
import type { CrmCompanyTable } from '../schema.js';
import { fieldDefs } from '../fields.js';
import type { ClientDescriptor, OwnSet } from '../items/types.js';
import { buildSearchText, fromMinor, isValidInn, parseJson, toMinor } from '../values.js';
import { SHARED_TRACKED, baseOut, dealRefs, fullName, pathOf, readableIds } from './common.js';
import { isIndustry } from './industries.js';
import { COMPANY_DEFAULTS } from '../items/defaults.js';

export type CompanyIn = z.infer<typeof CompanyInput>;
export type CompanyRow = Selectable<CrmCompanyTable>;

/** The company's own columns for the keys present in `input`; bad values go to `fields`. */
function companyColumns(input: Partial<CompanyIn>, fields: FieldError[]): OwnSet<'company'> {
  const set: OwnSet<'company'> = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.industry !== undefined) {
    const v = input.industry?.trim() || null;
    if (v !== null && !isIndustry(v)) fields.push({ field: 'industry', message: 'crm.option_invalid' });
    set.industry = v;
  }
  if (input.revenue !== undefined) set.revenue = input.revenue === null ? null : toMinor(input.revenue);
  if (input.revenueCurrency !== undefined) set.revenue_currency = input.revenueCurrency;
  if (input.address !== undefined) set.address = input.address;
  const requisites = [
    ['inn', input.inn, isValidInn, 'crm.inn_invalid'],
    ['kpp', input.kpp, (v: string) => /^\d{9}$/.test(v), 'crm.clients.kpp_invalid'],
    ['ogrn', input.ogrn, (v: string) => /^\d{13}$|^\d{15}$/.test(v), 'crm.clients.ogrn_invalid'],
  ] as const;
  for (const [column, raw, valid, message] of requisites) {
    if (raw === undefined) continue;
    const v = raw?.trim() || null;
    if (v !== null && !valid(v)) fields.push({ field: column, message });
    set[column] = v;
  }
  return set;
}

function searchOf(r: { title: string; inn: string | null; phones: string; emails: string }): string {
  return buildSearchText([r.title, r.inn], [parseJson<TypedValue[]>(r.phones, []), parseJson<TypedValue[]>(r.emails, [])]);
}

export async function findCompany(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<CompanyRow | undefined> {
  const q = scoped(ctx).selectFrom('crm_company').selectAll().where('id', '=', id);
  return (opts.lock ? lockForUpdate(ctx, q) : q).executeTakeFirst();
}

/** The company card: its contacts and deals the actor may read. */
async function companyCard(ctx: Ctx, r: CompanyRow): Promise<Company> {
  const [defs, contacts, deals] = await Promise.all([
    fieldDefs(ctx, 'company'),
    scoped(ctx)
      .selectFrom('crm_contact')
      .innerJoin('crm_contact_company', 'crm_contact_company.contact_id', 'crm_contact.id')
      .select(['crm_contact.id', 'crm_contact.last_name', 'crm_contact.first_name', 'crm_contact.middle_name', 'crm_contact.responsible_id'])
      .where('crm_contact_company.company_id', '=', r.id)
      .orderBy('crm_contact.id')
      .limit(200)
      .execute(),
    dealRefs(ctx, { companyId: r.id }),
  ]);
  const readable = await readableIds(ctx, 'contact', contacts);
  return {
    ...(await baseOut(ctx, 'company', r, defs)),
    title: r.title,
    industry: r.industry,
    revenue: r.revenue === null ? null : fromMinor(Number(r.revenue)),
    revenueCurrency: r.revenue_currency,
    address: r.address,
    inn: r.inn,
    kpp: r.kpp,
    ogrn: r.ogrn,
    contacts: contacts.filter((c) => readable.has(c.id)).map((c) => ({ id: c.id, title: fullName(c), entityType: 'contact' as const })),
    deals,
  };
}

/** A deal is found by its company's name too: its search text follows a renamed or deleted company. */
async function refreshDealSearch(ctx: Ctx, companyId: number, companyTitle: string | null): Promise<void> {
  const deals = await scoped(ctx).selectFrom('crm_deal').select(['id', 'title']).where('company_id', '=', companyId).execute();
  for (const d of deals) {
    await scoped(ctx)
      .updateTable('crm_deal')
      .set({ search_text: buildSearchText([d.title, companyTitle]) })
      .where('id', '=', d.id)
      .execute();
  }
}

const DEFAULTS = { title: '', ...COMPANY_DEFAULTS };

export const companyItem: ClientDescriptor<'company'> = {
  type: 'company',
  table: 'crm_company',
  rights: 'company',
  schema: CompanyInput,
  events: crmItemEvents.company,
  history: {
    tracked: [...SHARED_TRACKED, 'title', 'industry', 'revenue', 'revenue_currency', 'address', 'inn', 'kpp', 'ogrn', 'responsible_id'],
    money: ['revenue'],
  },
  find: findCompany,
  findMany: (ctx, ids) => scoped(ctx).selectFrom('crm_company').selectAll().where('id', 'in', ids).execute(),
  toDto: companyCard,
  title: (r) => r.title,

  columns: async (_ctx, input, _before, fields) => companyColumns(input, fields),
  build: (own, common) => ({ ...DEFAULTS, ...own, ...common }),
  merge: (before, own, common) => ({ ...before, ...own, ...common }),
  searchText: searchOf,
  insert: async (ctx, row) => Number((await scoped(ctx).insertInto('crm_company', row).returning('id').executeTakeFirstOrThrow()).id),
  created: (row) => ({ title: row.title, responsibleId: row.responsible_id }),
  async updated(ctx, before, own) {
    if (own.title !== undefined && own.title !== before.title) await refreshDealSearch(ctx, before.id, own.title);
  },
  async copyInput(_ctx, src, base) {
    return {
      title: src.title.slice(0, 500 - base.suffix.length) + base.suffix,
      industry: src.industry,
      revenue: src.revenue === null ? null : fromMinor(Number(src.revenue)),
      revenueCurrency: src.revenue_currency as CompanyIn['revenueCurrency'],
      address: src.address,
      inn: src.inn,
      kpp: src.kpp,
      ogrn: src.ogrn,
      responsibleId: base.responsibleId,
      comments: src.comments,
      custom: base.custom,
      phones: parseJson(src.phones, []),
      emails: parseJson(src.emails, []),
      websites: parseJson(src.websites, []),
      messengers: parseJson(src.messengers, []),
      ...pathOf(src),
    };
  },
};
