import { crmEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Contact, ContactInput, TypedValue } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { Platform } from '../../../platform/platform.js';
import { scoped } from '../../../platform/db/scoped.js';
import { nowIso } from '../../../platform/db/database.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import type { CrmContactTable } from '../schema.js';
import { allowed, authorize, scopeTest } from '../rights.js';
import { fieldDefs } from '../fields.js';
import { buildSearchText, parseJson } from '../values.js';
import {
  actorId, baseOut, changesOf, checkResponsible, clientColumns, customColumn, dealRefs, fullName, pathOf, readableIds, throwIfAny,
} from './common.js';
import { replaceLinks } from './links.js';
import { linkItemFiles, unlinkItemFiles } from '../file-links.js';

export type ContactIn = z.infer<typeof ContactInput>;
export type ContactRow = Selectable<CrmContactTable>;

function validDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function contactColumns(input: Partial<ContactIn>, fields: FieldError[]): Record<string, unknown> {
  const set = clientColumns(input, fields);
  for (const [key, column] of [['lastName', 'last_name'], ['firstName', 'first_name'], ['middleName', 'middle_name'], ['position', 'position']] as const) {
    if (input[key] !== undefined) set[column] = input[key];
  }
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
  const rows = ids.length ? await scoped(ctx).selectFrom('crm_company').select(['id', 'responsible_id']).where('id', 'in', [...new Set(ids)]).execute() : [];
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

export async function findContact(ctx: Ctx, id: number): Promise<ContactRow | undefined> {
  return scoped(ctx).selectFrom('crm_contact').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a contact in the caller's transaction; rights are the callers' business. */
export async function insertContact(ctx: Ctx, input: ContactIn, opts: { leadId?: number; lenientCustom?: boolean; linkNeedsEdit?: boolean } = {}): Promise<number> {
  const fields: FieldError[] = [];
  const set = contactColumns(input, fields);
  const responsible = input.responsibleId ?? ctx.actor?.userId ?? null;
  await checkResponsible(ctx, responsible, fields);
  await checkCompanies(ctx, input.companyIds, fields, [], opts.linkNeedsEdit);
  const custom = await customColumn(ctx, 'contact', {}, input.custom, opts.lenientCustom ? [] : fields, true);
  const now = nowIso();
  const row = {
    last_name: '', first_name: '', middle_name: '', position: '', photo_url: null, birthday: null,
    phones: '[]', emails: '[]', websites: '[]', messengers: '[]', source: null, utm_source: null, utm_medium: null, utm_campaign: null,
    utm_content: null, utm_term: null, comments: '',
    ...set,
    first_touch_at: (set.first_touch_at as string | undefined) ?? now,
    responsible_id: responsible,
    custom: JSON.stringify(custom?.custom ?? {}),
    created_by: ctx.actor?.userId ?? null,
    created_at: now,
    updated_at: now,
    version: 1,
  } as Omit<ContactRow, 'id' | 'portal_id' | 'search_text'>;
  checkName(row, fields);
  throwIfAny(fields);
  const created = await scoped(ctx).insertInto('crm_contact', { ...row, search_text: searchOf(row) }).returning('id').executeTakeFirstOrThrow();
  const id = Number(created.id);
  await linkItemFiles(ctx, 'contact', id, row.custom, { creating: true });
  const links = input.companyIds?.length ? await replaceLinks(ctx, { contactId: id, companyIds: input.companyIds }) : null;
  await recordEvent(ctx, crmEvents.contactCreated, {
    entityType: 'contact',
    entityId: id,
    payload: { name: fullName(row), responsibleId: responsible, companyIds: links?.new ?? [], ...(opts.leadId ? { leadId: opts.leadId } : {}) },
    ...(opts.leadId ? { changes: [{ field: 'lead_id', old: null, new: opts.leadId }] } : {}),
  });
  return id;
}

export async function createContact(platform: Platform, ctx: Ctx, input: ContactIn): Promise<Contact> {
  const responsible = input.responsibleId ?? actorId(ctx);
  if (!(await allowed(ctx, 'contact', 'add', responsible))) throw errors.forbidden();
  const id = await platform.transaction(ctx, (tx) => insertContact(tx, input, { linkNeedsEdit: true }));
  return getContact(ctx, id);
}

export async function getContact(ctx: Ctx, id: number): Promise<Contact> {
  actorId(ctx);
  const r = await findContact(ctx, id);
  if (!r) throw errors.notFound();
  await authorize(ctx, 'contact', 'read', r.responsible_id);
  const [defs, companies, deals] = await Promise.all([
    fieldDefs(ctx, 'contact'),
    scoped(ctx)
      .selectFrom('crm_company')
      .innerJoin('crm_contact_company', 'crm_contact_company.company_id', 'crm_company.id')
      .select(['crm_company.id', 'crm_company.title', 'crm_company.responsible_id'])
      .where('crm_contact_company.contact_id', '=', id)
      .orderBy('crm_company.id')
      .limit(200)
      .execute(),
    dealRefs(ctx, { contactId: id }),
  ]);
  const readable = await readableIds(ctx, 'company', companies);
  return {
    ...(await baseOut(ctx, 'contact', r, defs)),
    title: fullName(r),
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    position: r.position,
    photoUrl: r.photo_url,
    birthday: r.birthday,
    companies: companies.filter((c) => readable.has(c.id)).map((c) => ({ id: c.id, title: c.title, entityType: 'company' as const })),
    deals,
  };
}

export async function updateContact(platform: Platform, ctx: Ctx, id: number, input: Partial<ContactIn> & { version: number }): Promise<Contact> {
  const { version, ...patch } = input;
  await platform.transaction(ctx, async (tx) => {
    const before = await findContact(tx, id);
    if (!before) throw errors.notFound();
    await authorize(tx, 'contact', 'edit', before.responsible_id);
    if (before.version !== version) throw errors.conflict();
    const fields: FieldError[] = [];
    const set = contactColumns(patch, fields);
    if (patch.responsibleId !== undefined) {
      await checkResponsible(tx, patch.responsibleId, fields);
      set.responsible_id = patch.responsibleId;
    }
    // Links to companies the actor cannot see stay: the card did not show them.
    const current = patch.companyIds
      ? await scoped(tx)
        .selectFrom('crm_company')
        .innerJoin('crm_contact_company', 'crm_contact_company.company_id', 'crm_company.id')
        .select(['crm_company.id', 'crm_company.responsible_id'])
        .where('crm_contact_company.contact_id', '=', id)
        .execute()
      : [];
    await checkCompanies(tx, patch.companyIds, fields, current, true);
    const custom = await customColumn(tx, 'contact', parseJson(before.custom, {}), patch.custom, fields, false);
    if (custom) set.custom = JSON.stringify(custom.custom);
    const after = { ...before, ...set } as ContactRow;
    checkName(after, fields);
    throwIfAny(fields);
    const changes = changesOf(before, set);
    if (patch.companyIds) {
      const canRead = await scopeTest(tx, 'company', 'read');
      const hidden = current.filter((c) => !canRead(c.responsible_id)).map((c) => c.id);
      const links = await replaceLinks(tx, { contactId: id, companyIds: [...patch.companyIds, ...hidden] });
      if (JSON.stringify(links.old) !== JSON.stringify(links.new)) changes.push({ field: 'company_ids', old: links.old, new: links.new });
    }
    if (!changes.length) return;
    await scoped(tx).updateVersioned('crm_contact', id, version, { ...set, search_text: searchOf(after), updated_at: nowIso() });
    if (set.custom !== undefined) await linkItemFiles(tx, 'contact', id, String(set.custom));
    await recordEvent(tx, crmEvents.contactUpdated, { entityType: 'contact', entityId: id, changes });
  });
  return getContact(ctx, id);
}

/** Deletes a contact: its company and deal links go (a deal keeps a primary contact if it has others). */
export async function deleteContact(platform: Platform, ctx: Ctx, id: number): Promise<void> {
  await platform.transaction(ctx, async (tx) => {
    const before = await findContact(tx, id);
    if (!before) throw errors.notFound();
    await authorize(tx, 'contact', 'delete', before.responsible_id);
    const links = await replaceLinks(tx, { contactId: id, companyIds: [] });
    const dealLinks = await scoped(tx).selectFrom('crm_deal_contact').select('deal_id').where('contact_id', '=', id).execute();
    const dealIds = dealLinks.map((d) => d.deal_id);
    if (dealIds.length) {
      const all = await scoped(tx).selectFrom('crm_deal_contact').select(['deal_id', 'contact_id', 'is_primary']).where('deal_id', 'in', dealIds).execute();
      await scoped(tx).deleteFrom('crm_deal_contact').where('contact_id', '=', id).execute();
      for (const dealId of dealIds) {
        const mine = all.filter((l) => l.deal_id === dealId);
        const rest = mine.filter((l) => l.contact_id !== id);
        if (rest.length && !rest.some((l) => l.is_primary)) {
          const next = Math.min(...rest.map((l) => l.contact_id));
          await scoped(tx).updateTable('crm_deal_contact').set({ is_primary: 1 }).where('deal_id', '=', dealId).where('contact_id', '=', next).execute();
        }
        await recordEvent(tx, crmEvents.dealUpdated, {
          entityType: 'deal',
          entityId: dealId,
          changes: [{ field: 'contact_ids', old: mine.map((l) => l.contact_id).sort((a, b) => a - b), new: rest.map((l) => l.contact_id).sort((a, b) => a - b) }],
        });
      }
    }
    await scoped(tx).updateTable('crm_lead').set({ contact_id: null }).where('contact_id', '=', id).execute();
    await unlinkItemFiles(tx, 'contact', [id]);
    await scoped(tx).deleteFrom('crm_comment').where('entity_type', '=', 'contact').where('entity_id', '=', id).execute();
    await scoped(tx).deleteFrom('crm_contact').where('id', '=', id).execute();
    await recordEvent(tx, crmEvents.contactDeleted, {
      entityType: 'contact',
      entityId: id,
      payload: { name: fullName(before), responsibleId: before.responsible_id, companyIds: links.old, dealIds },
    });
  });
}

/** «Копировать»: a new contact with the same fields and companies. */
export async function copyContact(platform: Platform, ctx: Ctx, id: number): Promise<Contact> {
  const me = actorId(ctx);
  const src = await getContact(ctx, id);
  const row = (await findContact(ctx, id))!;
  const suffix = t(ctx.lang, 'crm.clients.copy_suffix');
  const defs = await fieldDefs(ctx, 'contact');
  const custom = parseJson<Record<string, unknown>>(row.custom, {});
  const keepResponsible = row.responsible_id !== null && (await allowed(ctx, 'contact', 'add', row.responsible_id));
  // The suffix goes after the last name part shown first in lists.
  const nameKey = row.last_name ? 'lastName' : 'firstName';
  const named = (row.last_name || row.first_name).slice(0, 100 - suffix.length) + suffix;
  return createContact(platform, ctx, {
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    [nameKey]: named,
    position: row.position,
    photoUrl: row.photo_url,
    birthday: row.birthday,
    companyIds: src.companies.map((c) => c.id),
    responsibleId: keepResponsible ? row.responsible_id : me,
    comments: row.comments,
    custom: Object.fromEntries(defs.filter((d) => d.canEdit && custom[d.code] !== undefined).map((d) => [d.code, custom[d.code]])),
    phones: parseJson(row.phones, []),
    emails: parseJson(row.emails, []),
    websites: parseJson(row.websites, []),
    messengers: parseJson(row.messengers, []),
    ...pathOf(row),
  });
}
