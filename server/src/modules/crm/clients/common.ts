import type { z } from 'zod';
import type { ClientPath, FieldDef, TypedValue } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import type { Change } from '../../../platform/events/outbox.js';
import type { ClientColumns, EntityType } from '../schema.js';
import { allowed, scopeTest } from '../rights.js';
import { fieldDefs, validateCustom } from '../fields.js';
import { fromMinor, parseJson } from '../values.js';
import { normalizeTyped } from '../../../platform/typed-values.js';
import { activeUserIds, userRefs } from '../../users/api.js';

export type PathInput = z.infer<typeof ClientPath>;
export interface UserRef {
  id: number;
  fullName: string;
  photoUrl: string | null;
}

/** The columns every lead, contact and company (and deal) carries. */
export type ClientRow = ClientColumns & { id: number };

export function actorId(ctx: Ctx): number {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
}

export const PATH_COLUMNS = {
  source: 'source',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  utmContent: 'utm_content',
  utmTerm: 'utm_term',
  firstTouchAt: 'first_touch_at',
} as const;

const TYPED = { phones: 'phone', emails: 'email', websites: 'url', messengers: 'plain' } as const;

/** The shared lists a write may carry, as they are stored. */
type TypedColumn = 'phones' | 'emails' | 'websites' | 'messengers';
type PathColumn = (typeof PATH_COLUMNS)[keyof typeof PATH_COLUMNS];

/** The shared columns a write sets (see `clientColumns`). */
export type SharedSet = Partial<Pick<ClientColumns, TypedColumn | PathColumn | 'comments'>>;

/**
 * The shared columns of a write, only for the keys present in `input`: typed lists
 * normalised (phones to E.164), the client path, comments. Bad values go to `fields`.
 */
export function clientColumns(
  input: PathInput & { phones?: TypedValue[]; emails?: TypedValue[]; websites?: TypedValue[]; messengers?: TypedValue[]; comments?: string },
  fields: FieldError[],
): SharedSet {
  const set: SharedSet = {};
  for (const [key, kind] of Object.entries(TYPED) as [TypedColumn, (typeof TYPED)[TypedColumn]][]) {
    const list = normalizeTyped(input[key], kind, key, fields);
    if (list) set[key] = JSON.stringify(list);
  }
  for (const [key, column] of Object.entries(PATH_COLUMNS) as [keyof typeof PATH_COLUMNS, PathColumn][]) {
    const v = input[key];
    if (v === undefined) continue;
    const text = v === null ? null : v.trim() || null;
    if (key === 'firstTouchAt' && text !== null) {
      const at = Date.parse(text);
      if (Number.isNaN(at)) fields.push({ field: key, message: 'crm.date_invalid' });
      else set[column] = new Date(at).toISOString();
      continue;
    }
    set[column] = text;
  }
  if (input.comments !== undefined) set.comments = input.comments;
  return set;
}

export function pathOf(r: ClientRow) {
  return {
    source: r.source,
    utmSource: r.utm_source,
    utmMedium: r.utm_medium,
    utmCampaign: r.utm_campaign,
    utmContent: r.utm_content,
    utmTerm: r.utm_term,
    firstTouchAt: r.first_touch_at,
  };
}

/** A responsible must be an active user of this portal. */
export async function checkResponsible(ctx: Ctx, id: number | null | undefined, fields: FieldError[]): Promise<void> {
  if (id === undefined) return;
  if (id === null) {
    fields.push({ field: 'responsibleId', message: 'crm.field_required' });
    return;
  }
  if (!(await activeUserIds(ctx, [id])).has(id)) fields.push({ field: 'responsibleId', message: 'crm.clients.responsible_invalid' });
}

/** Custom values: checked against the field definitions; on create, required fields must be filled. */
export async function customColumn(
  ctx: Ctx,
  entity: EntityType,
  before: Record<string, unknown>,
  incoming: Record<string, unknown> | undefined,
  fields: FieldError[],
  creating: boolean,
): Promise<{ custom: Record<string, unknown>; defs: FieldDef[] } | null> {
  // The system (demo data) has no actor and no custom values to check.
  if (!ctx.actor) return incoming ? { custom: { ...before, ...incoming }, defs: [] } : null;
  if (!incoming && !creating) return null;
  const defs = await fieldDefs(ctx, entity);
  return { custom: await validateCustom(ctx, defs, before, incoming, fields, { creating }), defs };
}

/** The item's common output fields. */
export async function baseOut(ctx: Ctx, entity: EntityType, r: ClientRow, defs: FieldDef[]) {
  const users = await userRefs(ctx, [r.responsible_id, r.created_by]);
  const custom = parseJson<Record<string, unknown>>(r.custom, {});
  const visible: Record<string, unknown> = {};
  for (const d of defs) if (d.canRead && custom[d.code] !== undefined) visible[d.code] = custom[d.code];
  const [edit, del] = await Promise.all([allowed(ctx, entity, 'edit', r.responsible_id), allowed(ctx, entity, 'delete', r.responsible_id)]);
  return {
    id: r.id,
    responsible: r.responsible_id ? (users.get(r.responsible_id) ?? null) : null,
    phones: parseJson<TypedValue[]>(r.phones, []),
    emails: parseJson<TypedValue[]>(r.emails, []),
    websites: parseJson<TypedValue[]>(r.websites, []),
    messengers: parseJson<TypedValue[]>(r.messengers, []),
    clientPath: pathOf(r),
    comments: r.comments,
    custom: visible,
    createdBy: r.created_by ? (users.get(r.created_by) ?? null) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    abilities: { edit, delete: del },
  };
}

const JSON_COLUMNS = new Set(['phones', 'emails', 'websites', 'messengers']);

/**
 * Field changes of an update, for the history and the robots: JSON lists as lists, money in
 * major units ("1250000.50"), custom values as `custom.<code>`.
 */
export function changesOf(before: Record<string, any>, set: Record<string, unknown>, money: string[] = []): Change[] {
  const out: Change[] = [];
  for (const [field, next] of Object.entries(set)) {
    if (field === 'custom' || field === 'search_text' || field === 'version' || field === 'updated_at') continue;
    const prev = before[field];
    if (JSON.stringify(prev ?? null) === JSON.stringify(next ?? null)) continue;
    if (JSON_COLUMNS.has(field)) out.push({ field, old: parseJson(prev, []), new: parseJson(next as string, []) });
    else if (money.includes(field)) out.push({ field, old: fromMinor(prev ?? null), new: fromMinor((next as number) ?? null) });
    else out.push({ field, old: prev ?? null, new: next ?? null });
  }
  if (typeof set.custom === 'string') {
    const a = parseJson<Record<string, unknown>>(before.custom, {});
    const b = parseJson<Record<string, unknown>>(set.custom, {});
    for (const code of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[code] ?? null) !== JSON.stringify(b[code] ?? null)) out.push({ field: `custom.${code}`, old: a[code] ?? null, new: b[code] ?? null });
    }
  }
  return out;
}

export function throwIfAny(fields: FieldError[]): void {
  if (fields.length) throw errors.validation(fields);
}

/** Ids of the given items the actor may read, one query per call. */
export async function readableIds(ctx: Ctx, entity: EntityType, rows: { id: number; responsible_id: number | null; pipeline_id?: number }[]): Promise<Set<number>> {
  const inScope = await scopeTest(ctx, entity, 'read');
  return new Set(rows.filter((r) => inScope(r.responsible_id, r.pipeline_id)).map((r) => r.id));
}

export const fullName = (r: { last_name: string; first_name: string; middle_name: string }) => [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');

/** Deals linked to a client as card references: stage name and amount, only those the actor may read. */
export async function dealRefs(ctx: Ctx, where: { companyId?: number; contactId?: number }) {
  let q = scoped(ctx)
    .selectFrom('crm_deal')
    .innerJoin('crm_stage', 'crm_stage.id', 'crm_deal.stage_id')
    .select(['crm_deal.id', 'crm_deal.title', 'crm_deal.responsible_id', 'crm_deal.pipeline_id', 'crm_deal.amount', 'crm_deal.currency', 'crm_stage.name as stage_name']);
  if (where.companyId) q = q.where('crm_deal.company_id', '=', where.companyId);
  if (where.contactId) {
    const contactId = where.contactId;
    q = q.where('crm_deal.id', 'in', (eb) => eb.selectFrom('crm_deal_contact').select('deal_id').where('contact_id', '=', contactId).where('portal_id', '=', ctx.portal.id));
  }
  const rows = await q.orderBy('crm_deal.id', 'desc').limit(100).execute();
  const ok = await readableIds(ctx, 'deal', rows);
  return rows.filter((r) => ok.has(r.id)).map((r) => ({ id: r.id, title: r.title, entityType: 'deal' as const, stageName: r.stage_name, amount: fromMinor(Number(r.amount))!, currency: r.currency }));
}

/** The columns every client type (lead, contact, company) shares whose changes are history lines. */
export const SHARED_TRACKED = ['phones', 'emails', 'websites', 'messengers', 'source', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'first_touch_at', 'comments'] as const;
