import type { z } from 'zod';
import type { Selectable } from 'kysely';
import { ContactInput, crmItemEvents, type Contact, type TypedValue } from '@vavilon/contracts';
import { lockForUpdate, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { FieldError } from '../../../platform/errors.js';
import type { CrmContactTable } from '../schema.js';
import { scopeTest } from '../rights.js';
import { fieldDefs } from '../fields.js';
import type { ClientDescriptor, LinkWrite, OwnSet, WriteOptions } from '../items/types.js';
import { buildSearchText, parseJson } from '../values.js';
import { SHARED_TRACKED, baseOut, dealRefs, fullName, pathOf, readableIds } from './common.js';
import { replaceLinks } from './links.js';
import { CONTACT_DEFAULTS } from '../items/defaults.js';

export type ContactIn = z.infer<typeof ContactInput>;
export type ContactRow = Selectable<CrmContactTable>;

function validDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function contactColumns(input: Partial<ContactIn>, fields: FieldError[]): OwnSet<'contact'> {
  const set: OwnSet<'contact'> = {};
  if (input.lastName !== undefined) set.last_name = input.lastName;
  if (input.firstName !== undefined) set.first_name = input.firstName;
  if (input.middleName !== undefined) set.middle_name = input.middleName;
  if (input.position !== undefined) set.position = input.position;
  if (input.photoUrl !== undefined) {
    if (input.photoUrl !== null && !/^https?:\/\//i.test(input.photoUrl)) fields.push({ field: 'photoUrl', message: 'field.url_invalid' });
    set.photo_url = input.photoUrl;
  }
  if (input.birthday !== undefined) {
    if (input.birthday !== null && !validDate(input.birthday)) fields.push({ field: 'birthday', message: 'crm.date_invalid' });
    set.birthday = input.birthday;
  }
  return set;
}

function checkName(r: { first_name: string; last_name: string }, fields: FieldError[]): void {
  if (!r.first_name.trim() && !r.last_name.trim()) {
    fields.push({ field: 'lastName', message: 'crm.contact_name_required' }, { field: 'firstName', message: 'crm.contact_name_required' });
  }
}

function searchOf(r: { last_name: string; first_name: string; middle_name: string; phones: string; emails: string }): string {
  return buildSearchText([r.last_name, r.first_name, r.middle_name], [parseJson<TypedValue[]>(r.phones, []), parseJson<TypedValue[]>(r.emails, [])]);
}

type LinkedCompany = { id: number; responsible_id: number | null };

/**
 * Companies named in `companyIds` must exist in the portal and be readable by the actor (one
 * query for the set). A link is part of the company too (its card lists the contact, its history
 * records the change), so with `needEdit` every company gaining or losing the contact must be
 * one the actor may edit. Links the contact already has are not checked again.
 */
async function checkCompanies(ctx: Ctx, ids: number[] | undefined, fields: FieldError[], current: LinkedCompany[] = [], needEdit = false): Promise<void> {
  if (ids === undefined || !ctx.actor) return;
  const rows = ids.length
    ? await scoped(ctx)
        .selectFrom('crm_company')
        .select(['id', 'responsible_id'])
        .where('id', 'in', [...new Set(ids)])
        .execute()
    : [];
  const [canRead, canEdit] = await Promise.all([scopeTest(ctx, 'company', 'read'), scopeTest(ctx, 'company', 'edit')]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const linked = new Set(current.map((c) => c.id));
  ids.forEach((id, i) => {
    const r = byId.get(id);
    if (!r || (!linked.has(id) && !canRead(r.responsible_id))) fields.push({ field: `companyIds.${i}`, message: 'crm.clients.company_not_found' });
    else if (needEdit && !linked.has(id) && !canEdit(r.responsible_id)) fields.push({ field: `companyIds.${i}`, message: 'crm.clients.company_no_edit' });
  });
  const wanted = new Set(ids);
  if (needEdit && current.some((c) => !wanted.has(c.id) && canRead(c.responsible_id) && !canEdit(c.responsible_id))) {
    fields.push({ field: 'companyIds', message: 'crm.clients.company_no_edit' });
  }
}

export async function findContact(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<ContactRow | undefined> {
  const q = scoped(ctx).selectFrom('crm_contact').selectAll().where('id', '=', id);
  return (opts.lock ? lockForUpdate(ctx, q) : q).executeTakeFirst();
}

/** The companies linked to a contact that the actor may read (the card's list), in id order. */
async function readableCompanies(ctx: Ctx, contactId: number) {
  const companies = await scoped(ctx)
    .selectFrom('crm_company')
    .innerJoin('crm_contact_company', 'crm_contact_company.company_id', 'crm_company.id')
    .select(['crm_company.id', 'crm_company.title', 'crm_company.responsible_id'])
    .where('crm_contact_company.contact_id', '=', contactId)
    .orderBy('crm_company.id')
    .limit(200)
    .execute();
  const readable = await readableIds(ctx, 'company', companies);
  return companies.filter((c) => readable.has(c.id));
}

async function contactCard(ctx: Ctx, r: ContactRow): Promise<Contact> {
  const [defs, companies, deals] = await Promise.all([fieldDefs(ctx, 'contact'), readableCompanies(ctx, r.id), dealRefs(ctx, { contactId: r.id })]);
  return {
    ...(await baseOut(ctx, 'contact', r, defs)),
    title: fullName(r),
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    position: r.position,
    photoUrl: r.photo_url,
    birthday: r.birthday,
    companies: companies.map((c) => ({ id: c.id, title: c.title, entityType: 'company' as const })),
    deals,
  };
}

/**
 * The companies of a write, checked; what replaces the links once the row exists. On an
 * update, links to companies the actor cannot see stay: the card did not show them.
 */
async function contactLinks(ctx: Ctx, input: Partial<ContactIn>, before: ContactRow | null, fields: FieldError[], opts: WriteOptions) {
  const companyIds = input.companyIds;
  if (!before) {
    await checkCompanies(ctx, companyIds, fields, [], opts.linkNeedsEdit);
    if (!companyIds?.length) return null;
    return async (id: number): Promise<LinkWrite> => {
      const links = await replaceLinks(ctx, { contactId: id, companyIds });
      return { changes: [], payload: { companyIds: links.new } };
    };
  }
  const current = companyIds
    ? await scoped(ctx)
        .selectFrom('crm_company')
        .innerJoin('crm_contact_company', 'crm_contact_company.company_id', 'crm_company.id')
        .select(['crm_company.id', 'crm_company.responsible_id'])
        .where('crm_contact_company.contact_id', '=', before.id)
        .execute()
    : [];
  await checkCompanies(ctx, companyIds, fields, current, true);
  if (!companyIds) return null;
  return async (id: number): Promise<LinkWrite> => {
    const canRead = await scopeTest(ctx, 'company', 'read');
    const hidden = current.filter((c) => !canRead(c.responsible_id)).map((c) => c.id);
    const links = await replaceLinks(ctx, { contactId: id, companyIds: [...companyIds, ...hidden] });
    return { changes: JSON.stringify(links.old) !== JSON.stringify(links.new) ? [{ field: 'company_ids', old: links.old, new: links.new }] : [] };
  };
}

const DEFAULTS = CONTACT_DEFAULTS;

export const contactItem: ClientDescriptor<'contact'> = {
  type: 'contact',
  table: 'crm_contact',
  rights: 'contact',
  schema: ContactInput,
  events: crmItemEvents.contact,
  history: {
    tracked: [...SHARED_TRACKED, 'last_name', 'first_name', 'middle_name', 'position', 'photo_url', 'birthday', 'responsible_id'],
  },
  find: findContact,
  findMany: (ctx, ids) => scoped(ctx).selectFrom('crm_contact').selectAll().where('id', 'in', ids).execute(),
  toDto: contactCard,
  title: fullName,

  columns: async (_ctx, input, _before, fields) => contactColumns(input, fields),
  build: (own, common) => ({ ...DEFAULTS, ...own, ...common }),
  merge: (before, own, common) => ({ ...before, ...own, ...common }),
  links: contactLinks,
  validate: checkName,
  searchText: searchOf,
  insert: async (ctx, row) => Number((await scoped(ctx).insertInto('crm_contact', row).returning('id').executeTakeFirstOrThrow()).id),
  // `companyIds` comes from the links (none when the input names none).
  created: (row) => ({ name: fullName(row), responsibleId: row.responsible_id, companyIds: [] }),
  async copyInput(ctx, row, base) {
    // The suffix goes after the last name part shown first in lists.
    const nameKey = row.last_name ? 'lastName' : 'firstName';
    const named = (row.last_name || row.first_name).slice(0, 100 - base.suffix.length) + base.suffix;
    return {
      lastName: row.last_name,
      firstName: row.first_name,
      middleName: row.middle_name,
      [nameKey]: named,
      position: row.position,
      photoUrl: row.photo_url,
      birthday: row.birthday,
      companyIds: (await readableCompanies(ctx, row.id)).map((c) => c.id),
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
