import type { FieldDef, TypedValue } from '@vavilon/contracts';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { parseBoolean, parseCurrency, parseDate, parseDateTime, parseMoney, splitList } from './cells.js';
import type { ItemInput } from './item-values.js';

/** One mapped column: its position in the file, its name and the field it feeds. */
export interface ColumnMap {
  index: number;
  column: string;
  key: string;
}

export interface RowProblem {
  /** The file column the problem is in, when known. */
  column: string | null;
  message: MessageKey;
  params?: Record<string, string | number>;
}

/** A file row read into an item's fields, before the item rules are checked. */
export interface RowInput {
  input: ItemInput;
  custom: Record<string, unknown>;
  /** Names the file gives for things that must be looked up: employees, pipelines, stages, companies. */
  refs: { responsible?: string; pipeline?: string; stage?: string; status?: string; company?: string };
  /** File column of each API field (`phones.1` → "Мобильный"), to point the report at it. */
  origin: Map<string, string>;
  problems: RowProblem[];
}

const PLAIN = new Set([
  'title',
  'industry',
  'address',
  'kpp',
  'ogrn',
  'lastName',
  'firstName',
  'middleName',
  'position',
  'companyTitle',
  'source',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmContent',
  'utmTerm',
  'comments',
]);
const TYPED: Record<string, { list: 'phones' | 'emails' | 'websites'; type: TypedValue['type'] }> = {
  phone: { list: 'phones', type: 'work' },
  mobilePhone: { list: 'phones', type: 'mobile' },
  email: { list: 'emails', type: 'work' },
  website: { list: 'websites', type: 'work' },
};
const REFS = new Set(['responsible', 'pipeline', 'stage', 'status', 'company']);

/** "Иванов Иван Иванович" → last, first, middle; a single word is a first name. */
function splitFullName(s: string): { lastName?: string; firstName?: string; middleName?: string } {
  const parts = s.split(/\s+/).filter(Boolean);
  if (parts.length === 1) return { firstName: parts[0] };
  return { lastName: parts[0], firstName: parts[1], middleName: parts.slice(2).join(' ') || undefined };
}

export interface ReadOptions {
  customDefs: Map<string, FieldDef>;
  /** An employee named in a cell (id, e-mail or name), or null. */
  findUser: (value: string) => number | null;
}

export function readRow(maps: ColumnMap[], cells: string[], opts: ReadOptions): RowInput {
  const row: RowInput = { input: {}, custom: {}, refs: {}, origin: new Map(), problems: [] };
  const input = row.input as Record<string, unknown>;
  let fullName: { value: string; column: string } | null = null;
  for (const m of maps) {
    const raw = (cells[m.index] ?? '').trim();
    if (!raw) continue;
    const key = m.key;
    const typed = TYPED[key];
    if (typed) {
      const list = ((input[typed.list] as TypedValue[] | undefined) ??= []);
      for (const value of splitList(raw)) {
        row.origin.set(`${typed.list}.${list.length}`, m.column);
        list.push({ type: typed.type, value: value.slice(0, 320) });
      }
      continue;
    }
    row.origin.set(key, m.column);
    if (PLAIN.has(key)) input[key] = raw;
    else if (key === 'inn') input.inn = raw.replace(/\s/g, '');
    else if (key === 'fullName') fullName = { value: raw, column: m.column };
    else if (REFS.has(key)) row.refs[key as keyof RowInput['refs']] = raw;
    else if (key === 'revenue' || key === 'amount') {
      const money = parseMoney(raw);
      if (money === null) row.problems.push({ column: m.column, message: 'crm.money_invalid' });
      else input[key] = money;
    } else if (key === 'revenueCurrency' || key === 'currency') input[key] = parseCurrency(raw);
    else if (key === 'birthday' || key === 'beginDate' || key === 'closeDate') {
      const day = parseDate(raw);
      if (day === null) row.problems.push({ column: m.column, message: 'crm.date_invalid' });
      else input[key] = day;
    } else {
      const def = opts.customDefs.get(key);
      if (def) {
        row.origin.set(`custom.${key}`, m.column);
        const v = customValue(def, raw, opts, m.column, row.problems);
        if (v !== undefined) row.custom[key] = v;
      }
    }
  }
  if (fullName) {
    const parts = splitFullName(fullName.value);
    for (const [k, v] of Object.entries(parts)) {
      if (v && input[k] === undefined) {
        input[k] = v;
        row.origin.set(k, fullName.column);
      }
    }
  }
  return row;
}

function customValue(def: FieldDef, raw: string, opts: ReadOptions, column: string, problems: RowProblem[]): unknown {
  const many = def.multiple
    ? def.type === 'string' || def.type === 'text'
      ? raw
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean)
      : splitList(raw)
    : [raw];
  const out: unknown[] = [];
  for (const one of many) {
    switch (def.type) {
      case 'number': {
        const n = Number(one.replace(/[\s\u00a0]/g, '').replace(',', '.'));
        out.push(Number.isFinite(n) ? n : one);
        break;
      }
      case 'money':
        out.push(parseMoney(one) ?? one);
        break;
      case 'date':
        out.push(parseDate(one) ?? one);
        break;
      case 'datetime':
        out.push(parseDateTime(one) ?? one);
        break;
      case 'boolean': {
        const b = parseBoolean(one);
        if (b === null) {
          problems.push({ column, message: 'crm.import.boolean_invalid' });
          return undefined;
        }
        out.push(b);
        break;
      }
      case 'list': {
        const lower = one.toLowerCase();
        out.push(def.options.find((o) => o.label.toLowerCase() === lower || o.id === one)?.id ?? one);
        break;
      }
      case 'employee': {
        const id = opts.findUser(one);
        if (id === null) {
          problems.push({ column, message: 'crm.import.responsible_unknown', params: { value: one } });
          return undefined;
        }
        out.push(id);
        break;
      }
      default:
        out.push(one);
    }
  }
  return def.multiple ? out : out[0];
}
