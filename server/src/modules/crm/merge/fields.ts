import { formatPhone, type FieldDef, type MergeEntry, type MergeType, type TypedValue } from '@vavilon/contracts';

type UserRef = { id: number; fullName: string; photoUrl: string | null };
import type { Lang } from '../../../platform/i18n/index.js';
import { t } from '../../../platform/i18n/index.js';
import { fieldLabel } from '../timeline/labels.js';
import { fromMinor, parseJson } from '../values.js';
import type { ItemRow } from '../items/types.js';

export type MergeRow = ItemRow<MergeType>;

/** What one item holds in one field: the value as stored (compared and written) and as shown. */
export interface Held {
  raw: unknown;
  text: string;
  empty: boolean;
  entries?: MergeEntry[];
}

/** What a field's value is shown with: the people it names, the user's language. */
export interface ShowWith {
  lang: Lang;
  users: Map<number, UserRef>;
}

/** One field of the comparison: where its value lives, how it is shown, and the card input that writes it. */
export interface MergeFieldDef {
  key: string;
  column: string;
  kind: 'value' | 'list';
  choosable: boolean;
  read(row: MergeRow, show: ShowWith): Held;
  /** The part of the card's input that gives the survivor this value. */
  input(raw: unknown): Record<string, unknown>;
}

const emptyText = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function textField(key: string, column: string, format: (v: string, show: ShowWith) => string = (v) => v): MergeFieldDef {
  return {
    key,
    column,
    kind: 'value',
    choosable: true,
    read(row, show) {
      const raw = (row as unknown as Record<string, unknown>)[column] ?? null;
      const empty = emptyText(raw);
      return { raw: empty ? (typeof raw === 'string' ? '' : null) : raw, text: empty ? '' : format(String(raw), show), empty };
    },
    input: (raw) => ({ [key]: raw }),
  };
}

/** How a list value is compared: phones by digits, the rest lower-cased. */
function keyOf(kind: 'phone' | 'email' | 'url' | 'plain', value: string): string {
  if (kind === 'phone') return value.replace(/\D/g, '');
  const v = value.trim().toLowerCase();
  return kind === 'url' ? v.replace(/^https?:\/\//, '').replace(/\/+$/, '') : v;
}

function listField(key: 'phones' | 'emails' | 'websites' | 'messengers', kind: 'phone' | 'email' | 'url' | 'plain'): MergeFieldDef {
  return {
    key,
    column: key,
    kind: 'list',
    choosable: true,
    read(row) {
      const list = parseJson<TypedValue[]>((row as unknown as Record<string, string>)[key], []);
      const entries = list.map((v) => ({ type: v.type, value: v.value, text: kind === 'phone' ? formatPhone(v.value) : v.value, key: keyOf(kind, v.value) }));
      return { raw: list.map((v) => ({ type: v.type, value: v.value })), text: entries.map((e) => e.text).join(', '), empty: list.length === 0, entries };
    },
    input: (raw) => ({ [key]: raw }),
  };
}

function dayText(v: string, show: ShowWith): string {
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return v;
  return new Intl.DateTimeFormat(show.lang === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d).replace(/\s?г\.$/, '');
}

function moneyText(amount: string, currency: string, lang: Lang): string {
  const n = Number(amount);
  const num = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 2 }).format(n);
  const sign: Record<string, string> = { RUB: '₽', USD: '$', EUR: '€' };
  return `${num} ${sign[currency] ?? currency}`;
}

const responsible: MergeFieldDef = {
  key: 'responsible',
  column: 'responsible_id',
  kind: 'value',
  choosable: true,
  read(row, show) {
    const id = row.responsible_id;
    return { raw: id, text: id ? (show.users.get(id)?.fullName ?? `#${id}`) : '', empty: id === null };
  },
  input: (raw) => ({ responsibleId: raw }),
};

const PATH: [string, string][] = [
  ['source', 'source'],
  ['utmSource', 'utm_source'],
  ['utmMedium', 'utm_medium'],
  ['utmCampaign', 'utm_campaign'],
  ['utmContent', 'utm_content'],
  ['utmTerm', 'utm_term'],
];

const SHARED_TAIL: MergeFieldDef[] = [
  listField('phones', 'phone'),
  listField('emails', 'email'),
  listField('websites', 'url'),
  listField('messengers', 'plain'),
  responsible,
  textField('comments', 'comments'),
  ...PATH.map(([key, column]) => textField(key, column)),
];

const CONTACT_FIELDS: MergeFieldDef[] = [
  textField('lastName', 'last_name'),
  textField('firstName', 'first_name'),
  textField('middleName', 'middle_name'),
  textField('position', 'position'),
  textField('birthday', 'birthday', dayText),
  textField('photoUrl', 'photo_url'),
  ...SHARED_TAIL,
];

const revenue: MergeFieldDef = {
  key: 'revenue',
  column: 'revenue',
  kind: 'value',
  choosable: true,
  read(row, show) {
    const r = row as ItemRow<'company'>;
    if (r.revenue === null) return { raw: null, text: '', empty: true };
    const amount = fromMinor(Number(r.revenue))!;
    return { raw: { revenue: amount, revenueCurrency: r.revenue_currency }, text: moneyText(amount, r.revenue_currency, show.lang), empty: false };
  },
  input: (raw) => (raw === null ? { revenue: null } : { ...(raw as Record<string, unknown>) }),
};

const COMPANY_FIELDS: MergeFieldDef[] = [
  textField('title', 'title'),
  textField('industry', 'industry'),
  revenue,
  textField('address', 'address'),
  textField('inn', 'inn'),
  textField('kpp', 'kpp'),
  textField('ogrn', 'ogrn'),
  ...SHARED_TAIL,
];

function customText(def: FieldDef, v: unknown, show: ShowWith): string {
  const one = (x: unknown): string => {
    if (def.type === 'list') return def.options.find((o) => o.id === x)?.label ?? String(x);
    if (def.type === 'boolean') return t(show.lang, x ? 'value.yes' : 'value.no');
    if (def.type === 'employee') return show.users.get(Number(x))?.fullName ?? `#${String(x)}`;
    if (def.type === 'date' && typeof x === 'string') return dayText(x, show);
    if (x !== null && typeof x === 'object') return JSON.stringify(x);
    return String(x);
  };
  return Array.isArray(v) ? v.map(one).join(', ') : one(v);
}

/** A custom field the actor may read; one they may not edit keeps the primary's value. */
function customField(def: FieldDef): MergeFieldDef {
  return {
    key: `custom.${def.code}`,
    column: `custom.${def.code}`,
    kind: 'value',
    choosable: def.canEdit,
    read(row, show) {
      const v = parseJson<Record<string, unknown>>(row.custom, {})[def.code];
      const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
      return { raw: empty ? null : v, text: empty ? '' : customText(def, v, show), empty };
    },
    input: (raw) => ({ custom: { [def.code]: raw } }),
  };
}

/** The fields a comparison shows for a type, in the card's order, custom fields last. */
export function mergeFields(type: MergeType, defs: FieldDef[]): MergeFieldDef[] {
  return [...(type === 'contact' ? CONTACT_FIELDS : COMPANY_FIELDS), ...defs.filter((d) => d.canRead).map(customField)];
}

export function labelOf(type: MergeType, f: MergeFieldDef, lang: Lang, customLabels: Map<string, string>): string {
  if (f.key === 'phones') return lang === 'en' ? 'Phone' : 'Телефон';
  if (f.key === 'emails') return 'E-mail';
  if (f.key === 'responsible') return lang === 'en' ? 'Responsible' : 'Ответственный';
  return fieldLabel(type, f.column, lang, customLabels);
}

/** The people the fields name (responsible, employee custom fields), to show by name. */
export function usersNamed(rows: MergeRow[], defs: FieldDef[]): number[] {
  const out: number[] = [];
  for (const r of rows) {
    if (r.responsible_id) out.push(r.responsible_id);
    const custom = parseJson<Record<string, unknown>>(r.custom, {});
    for (const d of defs)
      if (d.type === 'employee' && d.canRead) {
        const v = custom[d.code];
        for (const x of Array.isArray(v) ? v : [v]) if (Number.isInteger(Number(x)) && Number(x) > 0) out.push(Number(x));
      }
  }
  return out;
}

/** Equal values: compared as stored (lists by their normalised values, in any order). */
export function sameHeld(a: Held, b: Held): boolean {
  if (a.empty && b.empty) return true;
  if (a.entries && b.entries) {
    const ka = [...new Set(a.entries.map((e) => e.key))].sort();
    const kb = [...new Set(b.entries.map((e) => e.key))].sort();
    return JSON.stringify(ka) === JSON.stringify(kb);
  }
  return JSON.stringify(a.raw) === JSON.stringify(b.raw);
}
