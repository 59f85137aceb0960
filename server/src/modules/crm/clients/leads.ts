import type { z } from 'zod';
import type { Selectable } from 'kysely';
import { LeadInput, crmItemEvents, type Lead, type TypedValue } from '@vavilon/contracts';
import { lockForUpdate, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { FieldError } from '../../../platform/errors.js';
import type { CrmLeadTable, CrmStageTable } from '../schema.js';
import { allowed, hiddenTitle } from '../rights.js';
import { fieldDefs } from '../fields.js';
import type { ClientDescriptor, OwnSet } from '../items/types.js';
import { buildSearchText, fromMinor, parseJson } from '../values.js';
import { amountOfWrite, productsOf, replaceRows, rowInput, storedRows } from '../deals/products.js';
import { SHARED_TRACKED, baseOut, fullName, pathOf } from './common.js';
import { LEAD_DEFAULTS } from '../items/defaults.js';

export type LeadIn = z.infer<typeof LeadInput>;

/** The rows and amount `columns` checked, for `links` to write once the lead's row exists (same input object). */
const rowsOfWrite = new WeakMap<object, Awaited<ReturnType<typeof amountOfWrite>>>();
export type LeadRow = Selectable<CrmLeadTable>;
type StageRow = Selectable<CrmStageTable>;

/** Lead statuses in their order (crm_stage rows of entity 'lead'). */
export async function leadStatuses(ctx: Ctx): Promise<StageRow[]> {
  return scoped(ctx).selectFrom('crm_stage').selectAll().where('entity_type', '=', 'lead').orderBy('sort').orderBy('id').execute();
}

async function statusById(ctx: Ctx, id: number): Promise<StageRow | undefined> {
  return scoped(ctx).selectFrom('crm_stage').selectAll().where('id', '=', id).where('entity_type', '=', 'lead').executeTakeFirst();
}

function leadColumns(input: Partial<LeadIn>): OwnSet<'lead'> {
  const set: OwnSet<'lead'> = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.lastName !== undefined) set.last_name = input.lastName;
  if (input.firstName !== undefined) set.first_name = input.firstName;
  if (input.middleName !== undefined) set.middle_name = input.middleName;
  if (input.position !== undefined) set.position = input.position;
  if (input.companyTitle !== undefined) set.company_title = input.companyTitle;
  if (input.currency !== undefined) set.currency = input.currency;
  return set;
}

/** Sets status_id and its kind; a status of another kind of item or portal is refused. */
async function statusColumns(ctx: Ctx, statusId: number | undefined, fields: FieldError[], creating: boolean): Promise<OwnSet<'lead'>> {
  if (statusId === undefined && !creating) return {};
  let status: StageRow | undefined;
  if (statusId !== undefined) status = await statusById(ctx, statusId);
  else {
    const all = await leadStatuses(ctx);
    status = all.find((s) => s.kind === 'progress') ?? all[0];
  }
  if (!status) {
    fields.push({ field: 'statusId', message: 'crm.stage_not_found' });
    return {};
  }
  return { status_id: status.id, status_kind: status.kind };
}

function searchOf(r: { title: string; last_name: string; first_name: string; middle_name: string; company_title: string; phones: string; emails: string }) {
  return buildSearchText([r.title, r.last_name, r.first_name, r.middle_name, r.company_title], [parseJson<TypedValue[]>(r.phones, []), parseJson<TypedValue[]>(r.emails, [])]);
}

export async function findLead(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<LeadRow | undefined> {
  const q = scoped(ctx).selectFrom('crm_lead').selectAll().where('id', '=', id);
  return (opts.lock ? lockForUpdate(ctx, q) : q).executeTakeFirst();
}

/** A row the lead links to: who is responsible for it and its name. */
async function linked(ctx: Ctx, entity: 'contact' | 'company' | 'deal', id: number): Promise<{ responsible_id: number | null; title: string; pipeline_id?: number } | undefined> {
  if (entity === 'contact') {
    const c = await scoped(ctx).selectFrom('crm_contact').select(['responsible_id', 'last_name', 'first_name', 'middle_name']).where('id', '=', id).executeTakeFirst();
    return c && { responsible_id: c.responsible_id, title: fullName(c) };
  }
  if (entity === 'deal') return scoped(ctx).selectFrom('crm_deal').select(['responsible_id', 'title', 'pipeline_id']).where('id', '=', id).executeTakeFirst();
  return scoped(ctx).selectFrom('crm_company').select(['responsible_id', 'title']).where('id', '=', id).executeTakeFirst();
}

async function ref(ctx: Ctx, entity: 'contact' | 'company' | 'deal', id: number | null) {
  if (!id) return null;
  const r = await linked(ctx, entity, id);
  if (!r) return null;
  // What the lead became, even when the viewer may not read it: «Скрыто», without the name.
  if (!(await allowed(ctx, entity, 'read', r.responsible_id, r.pipeline_id))) return { id, title: hiddenTitle(ctx), entityType: entity, hidden: true };
  return { id, title: r.title, entityType: entity };
}

/** The lead card; what it became (contact, company, deal) reads «Скрыто» to whom may not read it. */
async function leadCard(ctx: Ctx, r: LeadRow): Promise<Lead> {
  const [defs, contact, company, deal, rows] = await Promise.all([
    fieldDefs(ctx, 'lead'),
    ref(ctx, 'contact', r.contact_id),
    ref(ctx, 'company', r.company_id),
    ref(ctx, 'deal', r.deal_id),
    productsOf(ctx, 'lead', r.id),
  ]);
  return {
    ...(await baseOut(ctx, 'lead', r, defs)),
    title: r.title,
    statusId: r.status_id,
    statusKind: r.status_kind,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    position: r.position,
    companyTitle: r.company_title,
    amount: fromMinor(Number(r.amount))!,
    currency: r.currency,
    ...rows,
    amountManual: !!Number(r.amount_manual),
    convertedAt: r.converted_at,
    contact,
    company,
    deal,
  };
}

const DEFAULTS = { title: '', status_id: 0, amount_manual: 0, ...LEAD_DEFAULTS };

export const leadItem: ClientDescriptor<'lead'> = {
  type: 'lead',
  table: 'crm_lead',
  rights: 'lead',
  schema: LeadInput,
  events: crmItemEvents.lead,
  history: {
    // The kind follows the status: only the status is a change worth a history line.
    tracked: [...SHARED_TRACKED, 'title', 'last_name', 'first_name', 'middle_name', 'position', 'company_title', 'currency', 'amount', 'status_id', 'responsible_id'],
    money: ['amount'],
  },
  find: findLead,
  findMany: (ctx, ids) => scoped(ctx).selectFrom('crm_lead').selectAll().where('id', 'in', ids).execute(),
  toDto: leadCard,
  title: (r) => r.title,

  async columns(ctx, input, before, fields) {
    // The amount follows the product rows unless set by hand (the rows are written with the links).
    const amount = await amountOfWrite(ctx, 'lead', input, before, fields);
    rowsOfWrite.set(input, amount);
    return {
      ...leadColumns(input),
      ...(amount.amount !== undefined ? { amount: amount.amount } : {}),
      ...(amount.amountManual !== undefined ? { amount_manual: amount.amountManual } : {}),
      ...(await statusColumns(ctx, input.statusId, fields, !before)),
    };
  },
  async links(_ctx, input) {
    const amount = rowsOfWrite.get(input);
    rowsOfWrite.delete(input);
    if (!amount?.rows && amount?.amountManual === undefined) return null;
    return async (id) => {
      const changes = amount.rows ? await replaceRows(_ctx, 'lead', id, amount.rows) : [];
      // «Пересчитать по товарам» may change nothing but the flag, which the row write would skip.
      if (amount.amountManual !== undefined) await scoped(_ctx).updateTable('crm_lead').set({ amount_manual: amount.amountManual }).where('id', '=', id).execute();
      return { changes };
    };
  },
  build: (own, common) => ({ ...DEFAULTS, ...own, ...common }),
  merge: (before, own, common) => ({ ...before, ...own, ...common }),
  searchText: searchOf,
  insert: async (ctx, row) => Number((await scoped(ctx).insertInto('crm_lead', row).returning('id').executeTakeFirstOrThrow()).id),
  created: (row) => ({ title: row.title, statusId: row.status_id, responsibleId: row.responsible_id, amount: fromMinor(row.amount), currency: row.currency }),
  async copyInput(ctx, row, base) {
    const rows = await storedRows(ctx, 'lead', row.id);
    return {
      title: row.title.slice(0, 500 - base.suffix.length) + base.suffix,
      statusId: row.status_id,
      lastName: row.last_name,
      firstName: row.first_name,
      middleName: row.middle_name,
      position: row.position,
      companyTitle: row.company_title,
      amount: fromMinor(Number(row.amount))!,
      currency: row.currency as LeadIn['currency'],
      products: rows.map(rowInput),
      amountManual: !!Number(row.amount_manual),
      responsibleId: base.responsibleId,
      comments: row.comments,
      custom: base.custom,
      phones: parseJson(row.phones, []),
      emails: parseJson(row.emails, []),
      websites: parseJson(row.websites, []),
      messengers: parseJson(row.messengers, []),
      ...pathOf(row),
    };
  },
};
