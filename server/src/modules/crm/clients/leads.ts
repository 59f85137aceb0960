import { crmEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Lead, LeadInput, TypedValue } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { Platform } from '../../../platform/platform.js';
import { scoped } from '../../../platform/db/scoped.js';
import { nowIso } from '../../../platform/db/database.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import type { CrmLeadTable, CrmStageTable } from '../schema.js';
import { allowed, authorize, hiddenTitle } from '../rights.js';
import { fieldDefs } from '../fields.js';
import { buildSearchText, fromMinor, parseJson, toMinor } from '../values.js';
import { actorId, baseOut, changesOf, checkResponsible, clientColumns, customColumn, fullName, throwIfAny } from './common.js';
import { linkItemFiles, unlinkItemFiles } from '../file-links.js';

export type LeadIn = z.infer<typeof LeadInput>;
export type LeadRow = Selectable<CrmLeadTable>;
type StageRow = Selectable<CrmStageTable>;

/** Lead statuses in their order (crm_stage rows of entity 'lead'). */
export async function leadStatuses(ctx: Ctx): Promise<StageRow[]> {
  return scoped(ctx).selectFrom('crm_stage').selectAll().where('entity_type', '=', 'lead').orderBy('sort').orderBy('id').execute();
}

async function statusById(ctx: Ctx, id: number): Promise<StageRow | undefined> {
  return scoped(ctx).selectFrom('crm_stage').selectAll().where('id', '=', id).where('entity_type', '=', 'lead').executeTakeFirst();
}

function leadColumns(input: Partial<LeadIn>, fields: FieldError[]): Record<string, unknown> {
  const set = clientColumns(input, fields);
  const plain = [
    ['title', 'title'], ['lastName', 'last_name'], ['firstName', 'first_name'], ['middleName', 'middle_name'],
    ['position', 'position'], ['companyTitle', 'company_title'], ['currency', 'currency'],
  ] as const;
  for (const [key, column] of plain) if (input[key] !== undefined) set[column] = input[key];
  if (input.amount !== undefined) set.amount = toMinor(input.amount);
  return set;
}

/** Sets status_id and its kind; a status of another kind of item or portal is refused. */
async function statusColumns(ctx: Ctx, statusId: number | undefined, fields: FieldError[], creating: boolean): Promise<Record<string, unknown>> {
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
  return buildSearchText(
    [r.title, r.last_name, r.first_name, r.middle_name, r.company_title],
    [parseJson<TypedValue[]>(r.phones, []), parseJson<TypedValue[]>(r.emails, [])],
  );
}

export async function findLead(ctx: Ctx, id: number): Promise<LeadRow | undefined> {
  return scoped(ctx).selectFrom('crm_lead').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a lead in the caller's transaction; rights are the callers' business. */
export async function insertLead(ctx: Ctx, input: LeadIn): Promise<number> {
  const fields: FieldError[] = [];
  const set = leadColumns(input, fields);
  const status = await statusColumns(ctx, input.statusId, fields, true);
  const responsible = input.responsibleId ?? ctx.actor?.userId ?? null;
  await checkResponsible(ctx, responsible, fields);
  const custom = await customColumn(ctx, 'lead', {}, input.custom, fields, true);
  throwIfAny(fields);
  const now = nowIso();
  const row = {
    last_name: '', first_name: '', middle_name: '', position: '', company_title: '', amount: 0, currency: 'RUB',
    phones: '[]', emails: '[]', websites: '[]', messengers: '[]', source: null, utm_source: null, utm_medium: null, utm_campaign: null,
    utm_content: null, utm_term: null, comments: '', converted_at: null, contact_id: null, company_id: null, deal_id: null,
    ...set,
    ...status,
    first_touch_at: (set.first_touch_at as string | undefined) ?? now,
    responsible_id: responsible,
    custom: JSON.stringify(custom?.custom ?? {}),
    created_by: ctx.actor?.userId ?? null,
    created_at: now,
    updated_at: now,
    version: 1,
  } as Omit<LeadRow, 'id' | 'portal_id' | 'search_text'>;
  const created = await scoped(ctx).insertInto('crm_lead', { ...row, search_text: searchOf(row) }).returning('id').executeTakeFirstOrThrow();
  const id = Number(created.id);
  await linkItemFiles(ctx, 'lead', id, row.custom, { creating: true });
  await recordEvent(ctx, crmEvents.leadCreated, {
    entityType: 'lead',
    entityId: id,
    payload: { title: row.title, statusId: row.status_id, responsibleId: responsible, amount: fromMinor(row.amount), currency: row.currency },
  });
  return id;
}

export async function createLead(platform: Platform, ctx: Ctx, input: LeadIn): Promise<Lead> {
  const responsible = input.responsibleId ?? actorId(ctx);
  if (!(await allowed(ctx, 'lead', 'add', responsible))) throw errors.forbidden();
  const id = await platform.transaction(ctx, (tx) => insertLead(tx, input));
  return getLead(ctx, id);
}

async function ref(ctx: Ctx, entity: 'contact' | 'company' | 'deal', id: number | null) {
  if (!id) return null;
  const table = entity === 'contact' ? 'crm_contact' : entity === 'company' ? 'crm_company' : 'crm_deal';
  const r = (await scoped(ctx).selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as Record<string, any> | undefined;
  if (!r) return null;
  // What the lead became, even when the viewer may not read it: «Скрыто», without the name.
  if (!(await allowed(ctx, entity, 'read', r.responsible_id))) return { id, title: hiddenTitle(ctx), entityType: entity, hidden: true };
  return { id, title: entity === 'contact' ? fullName(r as never) : String(r.title), entityType: entity };
}

export async function getLead(ctx: Ctx, id: number): Promise<Lead> {
  actorId(ctx);
  const r = await findLead(ctx, id);
  if (!r) throw errors.notFound();
  await authorize(ctx, 'lead', 'read', r.responsible_id);
  const [defs, contact, company, deal] = await Promise.all([
    fieldDefs(ctx, 'lead'),
    ref(ctx, 'contact', r.contact_id),
    ref(ctx, 'company', r.company_id),
    ref(ctx, 'deal', r.deal_id),
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
    convertedAt: r.converted_at,
    contact,
    company,
    deal,
  };
}

export async function updateLead(platform: Platform, ctx: Ctx, id: number, input: Partial<LeadIn> & { version: number }): Promise<Lead> {
  const { version, ...patch } = input;
  await platform.transaction(ctx, async (tx) => {
    const before = await findLead(tx, id);
    if (!before) throw errors.notFound();
    await authorize(tx, 'lead', 'edit', before.responsible_id);
    if (before.version !== version) throw errors.conflict();
    const fields: FieldError[] = [];
    const set = { ...leadColumns(patch, fields), ...(await statusColumns(tx, patch.statusId, fields, false)) };
    if (patch.responsibleId !== undefined) {
      await checkResponsible(tx, patch.responsibleId, fields);
      set.responsible_id = patch.responsibleId;
    }
    const custom = await customColumn(tx, 'lead', parseJson(before.custom, {}), patch.custom, fields, false);
    if (custom) set.custom = JSON.stringify(custom.custom);
    throwIfAny(fields);
    // The kind follows the status: only the status is a change worth a history line.
    const changes = changesOf(before, set, ['amount']).filter((c) => c.field !== 'status_kind');
    if (!changes.length) return;
    const after = { ...before, ...set } as LeadRow;
    await scoped(tx).updateVersioned('crm_lead', id, version, { ...set, search_text: searchOf(after), updated_at: nowIso() });
    if (set.custom !== undefined) await linkItemFiles(tx, 'lead', id, String(set.custom));
    await recordEvent(tx, crmEvents.leadUpdated, { entityType: 'lead', entityId: id, changes });
  });
  return getLead(ctx, id);
}

export async function deleteLead(platform: Platform, ctx: Ctx, id: number): Promise<void> {
  await platform.transaction(ctx, async (tx) => {
    const before = await findLead(tx, id);
    if (!before) throw errors.notFound();
    await authorize(tx, 'lead', 'delete', before.responsible_id);
    await unlinkItemFiles(tx, 'lead', [id]);
    await scoped(tx).deleteFrom('crm_comment').where('entity_type', '=', 'lead').where('entity_id', '=', id).execute();
    await scoped(tx).deleteFrom('crm_lead').where('id', '=', id).execute();
    await recordEvent(tx, crmEvents.leadDeleted, {
      entityType: 'lead',
      entityId: id,
      payload: { title: before.title, responsibleId: before.responsible_id, contactId: before.contact_id, companyId: before.company_id, dealId: before.deal_id },
    });
  });
}
