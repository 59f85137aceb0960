import { CompanyInput, ContactInput, DealInput, LeadInput, type TypedValue } from '@vavilon/contracts';
import type { z } from 'zod';
import type { FieldError } from '../../../platform/errors.js';
import type { EntityType } from '../schema.js';
import { isValidInn, parseJson, toMinor } from '../values.js';
import { normalizeTyped } from '../../../platform/typed-values.js';
import type { ItemRow } from './writers.js';

/** An item's fields as the API names them (a subset of CompanyInput, ContactInput, DealInput, LeadInput). */
export type ItemInput = Record<string, unknown> & {
  phones?: TypedValue[];
  emails?: TypedValue[];
  websites?: TypedValue[];
};

const ITEM: Record<EntityType, z.ZodObject> = {
  company: CompanyInput.omit({ custom: true }),
  contact: ContactInput.omit({ custom: true, companyIds: true }),
  deal: DealInput.omit({ custom: true, contactIds: true, primaryContactId: true, observerIds: true, products: true }),
  lead: LeadInput.omit({ custom: true }),
};
// Built once: zod compiles a schema on its first use, which costs more than the check itself.
// A new item's needs (a title, a name) are checked by `missingForNew`, so one parse serves both.
const PATCH = Object.fromEntries(Object.entries(ITEM).map(([e, s]) => [e, s.partial()])) as Record<EntityType, z.ZodObject>;

/** API field → column, for the plain fields. */
const COLUMNS: Record<string, string> = {
  title: 'title',
  industry: 'industry',
  revenueCurrency: 'revenue_currency',
  address: 'address',
  inn: 'inn',
  kpp: 'kpp',
  ogrn: 'ogrn',
  lastName: 'last_name',
  firstName: 'first_name',
  middleName: 'middle_name',
  position: 'position',
  birthday: 'birthday',
  companyTitle: 'company_title',
  currency: 'currency',
  beginDate: 'begin_date',
  closeDate: 'close_date',
  companyId: 'company_id',
  pipelineId: 'pipeline_id',
  stageId: 'stage_id',
  statusId: 'status_id',
  responsibleId: 'responsible_id',
  source: 'source',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  utmContent: 'utm_content',
  utmTerm: 'utm_term',
  firstTouchAt: 'first_touch_at',
  comments: 'comments',
};

/**
 * Checks an item's fields with the API's own rules (the contract schemas, ИНН check digits,
 * phone and e-mail normalisation) and turns the given ones into column values.
 */
export function itemColumns(
  entity: EntityType,
  input: ItemInput,
  errors: FieldError[],
): {
  columns: ItemRow;
  issues: z.core.$ZodIssue[];
} {
  const parsed = PATCH[entity].safeParse(input);
  if (!parsed.success) return { columns: {}, issues: parsed.error.issues };
  const v = parsed.data as ItemInput;
  const out: ItemRow = {};
  for (const key in v) {
    const col = COLUMNS[key];
    if (col && v[key] !== undefined) out[col] = v[key];
  }
  if (entity === 'company') {
    if (typeof v.inn === 'string' && v.inn !== '') {
      if (!isValidInn(v.inn)) errors.push({ field: 'inn', message: 'crm.inn_invalid' });
    } else if (v.inn === '') out.inn = null;
    if (v.revenue !== undefined) out.revenue = v.revenue === null ? null : toMinor(v.revenue as string);
  }
  if ((entity === 'deal' || entity === 'lead') && v.amount !== undefined) out.amount = toMinor(v.amount as string);
  const phones = normalizeTyped(v.phones, 'phone', 'phones', errors);
  const emails = normalizeTyped(v.emails, 'email', 'emails', errors);
  const websites = normalizeTyped(v.websites, 'url', 'websites', errors);
  if (phones) out.phones = remember(JSON.stringify(phones), phones);
  if (emails) out.emails = remember(JSON.stringify(emails), emails);
  if (websites) out.websites = JSON.stringify(websites);
  return { columns: out, issues: [] };
}

/** What a new item needs beyond valid fields: a title (a contact: a first or last name). */
export function missingForNew(entity: EntityType, input: ItemInput, errors: FieldError[]): void {
  if (entity === 'contact') {
    if (!String(input.lastName ?? '').trim() && !String(input.firstName ?? '').trim()) errors.push({ field: 'lastName', message: 'crm.contact_name_required' });
  } else if (!String(input.title ?? '').trim()) errors.push({ field: 'title', message: 'crm.field_required' });
}

/**
 * Phone and e-mail lists the import has just written as JSON text, by that text: the duplicate
 * keys and the search text of the same row read them back without parsing again. Same text,
 * same list; the lists are only read.
 */
const recent = new Map<string, TypedValue[]>();

function remember(text: string, list: TypedValue[]): string {
  if (recent.size >= 4096) recent.clear();
  recent.set(text, list);
  return text;
}

/** A phone or e-mail column's list: its JSON text parsed (or found among those just written), or the list itself. */
export function typedList(value: unknown): TypedValue[] {
  if (typeof value !== 'string') return (value as TypedValue[] | null | undefined) ?? [];
  return recent.get(value) ?? parseJson<TypedValue[]>(value, []);
}
