import { crmEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Company, CompanyInput, TypedValue } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { Platform } from '../../../platform/platform.js';
import { scoped } from '../../../platform/db/scoped.js';
import { nowIso } from '../../../platform/db/database.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import type { CrmCompanyTable } from '../schema.js';
import { allowed, authorize } from '../rights.js';
import { fieldDefs } from '../fields.js';
import { buildSearchText, fromMinor, isValidInn, parseJson, toMinor } from '../values.js';
import {
  actorId, baseOut, changesOf, checkResponsible, clientColumns, customColumn, dealRefs, fullName, pathOf, readableIds, throwIfAny,
} from './common.js';
import { isIndustry } from './industries.js';
import { replaceLinks } from './links.js';
import { linkItemFiles, unlinkItemFiles } from '../file-links.js';

export type CompanyIn = z.infer<typeof CompanyInput>;
export type CompanyRow = Selectable<CrmCompanyTable>;

/** The company's own columns for the keys present in `input`; bad values go to `fields`. */
function companyColumns(input: Partial<CompanyIn>, fields: FieldError[]): Record<string, unknown> {
  const set = clientColumns(input, fields);
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

export async function findCompany(ctx: Ctx, id: number): Promise<CompanyRow | undefined> {
  return scoped(ctx).selectFrom('crm_company').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Inserts a company in the caller's transaction without checking the actor's rights (the
 * callers do): the card, a copy, a lead's conversion and the demo data all come through here.
 */
export async function insertCompany(ctx: Ctx, input: CompanyIn, opts: { leadId?: number; lenientCustom?: boolean } = {}): Promise<number> {
  const fields: FieldError[] = [];
  const set = companyColumns(input, fields);
  const responsible = input.responsibleId ?? ctx.actor?.userId ?? null;
  await checkResponsible(ctx, responsible, fields);
  const custom = await customColumn(ctx, 'company', {}, input.custom, opts.lenientCustom ? [] : fields, true);
  throwIfAny(fields);
  const now = nowIso();
  const row = {
    title: input.title, industry: null, revenue: null, revenue_currency: 'RUB', address: '', inn: null, kpp: null, ogrn: null,
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
  } as Omit<CompanyRow, 'id' | 'portal_id' | 'search_text'>;
  const created = await scoped(ctx).insertInto('crm_company', { ...row, search_text: searchOf(row) }).returning('id').executeTakeFirstOrThrow();
  const id = Number(created.id);
  await linkItemFiles(ctx, 'company', id, row.custom, { creating: true });
  await recordEvent(ctx, crmEvents.companyCreated, {
    entityType: 'company',
    entityId: id,
    payload: { title: row.title, responsibleId: responsible, ...(opts.leadId ? { leadId: opts.leadId } : {}) },
    ...(opts.leadId ? { changes: [{ field: 'lead_id', old: null, new: opts.leadId }] } : {}),
  });
  return id;
}

export async function createCompany(platform: Platform, ctx: Ctx, input: CompanyIn): Promise<Company> {
  const responsible = input.responsibleId ?? actorId(ctx);
  if (!(await allowed(ctx, 'company', 'add', responsible))) throw errors.forbidden();
  const id = await platform.transaction(ctx, (tx) => insertCompany(tx, input));
  return getCompany(ctx, id);
}

export async function getCompany(ctx: Ctx, id: number): Promise<Company> {
  actorId(ctx);
  const r = await findCompany(ctx, id);
  if (!r) throw errors.notFound();
  await authorize(ctx, 'company', 'read', r.responsible_id);
  const [defs, contacts, deals] = await Promise.all([
    fieldDefs(ctx, 'company'),
    scoped(ctx)
      .selectFrom('crm_contact')
      .innerJoin('crm_contact_company', 'crm_contact_company.contact_id', 'crm_contact.id')
      .select(['crm_contact.id', 'crm_contact.last_name', 'crm_contact.first_name', 'crm_contact.middle_name', 'crm_contact.responsible_id'])
      .where('crm_contact_company.company_id', '=', id)
      .orderBy('crm_contact.id')
      .limit(200)
      .execute(),
    dealRefs(ctx, { companyId: id }),
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

export async function updateCompany(platform: Platform, ctx: Ctx, id: number, input: Partial<CompanyIn> & { version: number }): Promise<Company> {
  const { version, ...patch } = input;
  await platform.transaction(ctx, async (tx) => {
    const before = await findCompany(tx, id);
    if (!before) throw errors.notFound();
    await authorize(tx, 'company', 'edit', before.responsible_id);
    if (before.version !== version) throw errors.conflict();
    const fields: FieldError[] = [];
    const set = companyColumns(patch, fields);
    if (patch.responsibleId !== undefined) {
      await checkResponsible(tx, patch.responsibleId, fields);
      set.responsible_id = patch.responsibleId;
    }
    const custom = await customColumn(tx, 'company', parseJson(before.custom, {}), patch.custom, fields, false);
    if (custom) set.custom = JSON.stringify(custom.custom);
    throwIfAny(fields);
    const changes = changesOf(before, set, ['revenue']);
    if (!changes.length) return;
    const after = { ...before, ...set } as CompanyRow;
    await scoped(tx).updateVersioned('crm_company', id, version, { ...set, search_text: searchOf(after), updated_at: nowIso() });
    if (set.custom !== undefined) await linkItemFiles(tx, 'company', id, String(set.custom));
    if (set.title !== undefined && set.title !== before.title) await refreshDealSearch(tx, id, String(set.title));
    await recordEvent(tx, crmEvents.companyUpdated, { entityType: 'company', entityId: id, changes });
  });
  return getCompany(ctx, id);
}

/** A deal is found by its company's name too: its search text follows a renamed or deleted company. */
async function refreshDealSearch(ctx: Ctx, companyId: number, companyTitle: string | null): Promise<void> {
  const deals = await scoped(ctx).selectFrom('crm_deal').select(['id', 'title']).where('company_id', '=', companyId).execute();
  for (const d of deals) {
    await scoped(ctx).updateTable('crm_deal').set({ search_text: buildSearchText([d.title, companyTitle]) }).where('id', '=', d.id).execute();
  }
}

/** Deletes a company: its contact links go, its deals and leads stay without a company. */
export async function deleteCompany(platform: Platform, ctx: Ctx, id: number): Promise<void> {
  await platform.transaction(ctx, async (tx) => {
    const before = await findCompany(tx, id);
    if (!before) throw errors.notFound();
    await authorize(tx, 'company', 'delete', before.responsible_id);
    const deals = await scoped(tx).selectFrom('crm_deal').select('id').where('company_id', '=', id).execute();
    if (deals.length) {
      await refreshDealSearch(tx, id, null);
      await scoped(tx)
        .updateTable('crm_deal')
        .set((eb) => ({ company_id: null, version: eb('version', '+', 1), updated_at: nowIso() }))
        .where('company_id', '=', id)
        .execute();
      for (const d of deals) {
        await recordEvent(tx, crmEvents.dealUpdated, { entityType: 'deal', entityId: d.id, changes: [{ field: 'company_id', old: id, new: null }] });
      }
    }
    const contacts = await scoped(tx).selectFrom('crm_contact_company').select('contact_id').where('company_id', '=', id).execute();
    await replaceLinks(tx, { companyId: id, contactIds: [] });
    await scoped(tx).updateTable('crm_lead').set({ company_id: null }).where('company_id', '=', id).execute();
    await unlinkItemFiles(tx, 'company', [id]);
    await scoped(tx).deleteFrom('crm_comment').where('entity_type', '=', 'company').where('entity_id', '=', id).execute();
    await scoped(tx).deleteFrom('crm_company').where('id', '=', id).execute();
    await recordEvent(tx, crmEvents.companyDeleted, {
      entityType: 'company',
      entityId: id,
      payload: { title: before.title, responsibleId: before.responsible_id, dealIds: deals.map((d) => d.id), contactIds: contacts.map((c) => c.contact_id) },
    });
  });
}

/** «Копировать»: a new company with the same fields and « (копия)» after the title. */
export async function copyCompany(platform: Platform, ctx: Ctx, id: number): Promise<Company> {
  const me = actorId(ctx);
  const src = await findCompany(ctx, id);
  if (!src) throw errors.notFound();
  await authorize(ctx, 'company', 'read', src.responsible_id);
  const suffix = t(ctx.lang, 'crm.clients.copy_suffix');
  const defs = await fieldDefs(ctx, 'company');
  const custom = parseJson<Record<string, unknown>>(src.custom, {});
  const keepResponsible = src.responsible_id !== null && (await allowed(ctx, 'company', 'add', src.responsible_id));
  const path = pathOf(src);
  return createCompany(platform, ctx, {
    title: src.title.slice(0, 500 - suffix.length) + suffix,
    industry: src.industry,
    revenue: src.revenue === null ? null : fromMinor(Number(src.revenue)),
    revenueCurrency: src.revenue_currency as CompanyIn['revenueCurrency'],
    address: src.address,
    inn: src.inn,
    kpp: src.kpp,
    ogrn: src.ogrn,
    responsibleId: keepResponsible ? src.responsible_id : me,
    comments: src.comments,
    custom: Object.fromEntries(defs.filter((d) => d.canEdit && custom[d.code] !== undefined).map((d) => [d.code, custom[d.code]])),
    phones: parseJson(src.phones, []),
    emails: parseJson(src.emails, []),
    websites: parseJson(src.websites, []),
    messengers: parseJson(src.messengers, []),
    ...path,
  });
}
