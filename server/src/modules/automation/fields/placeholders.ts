import type { Ctx } from '../../../platform/context.js';
import { t, type Lang } from '../../../platform/i18n/index.js';
import { fieldDefs, findStage, type DealSnapshot } from '../../crm/api.js';
import { people } from '../../users/api.js';
import { ownerRow, valueOf } from './values.js';

/**
 * Placeholders of the texts a robot writes: {{title}} (the deal's title), {{company}},
 * {{contact}} (the primary contact's name), {{responsible}}, {{stage}}, {{field:CODE}} (any field
 * of the deal, list options by their label) and {{missing}} (what a check found missing).
 */
const PLACEHOLDER = /\{\{\s*(title|company|contact|responsible|stage|missing|field:([A-Za-z0-9_.-]{1,100}))\s*\}\}/g;

export interface FillOptions {
  /** The text is rich text: the values put in are escaped. */
  html?: boolean;
  /** The language of the words a value is shown in (yes/no). */
  lang?: Lang;
  /** What {{missing}} stands for. */
  missing?: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const nameOf = (r: Record<string, unknown>) => [r.last_name, r.first_name, r.middle_name].filter((x) => typeof x === 'string' && x.trim()).join(' ');

/** The text with its placeholders filled from the deal; an unknown placeholder stays as written. */
export async function fillText(ctx: Ctx, deal: DealSnapshot, text: string, opts: FillOptions = {}): Promise<string> {
  const found = [...text.matchAll(PLACEHOLDER)];
  if (!found.length) return text;
  const values = new Map<string, string>();
  for (const m of found) {
    if (values.has(m[0])) continue;
    values.set(m[0], await valueFor(ctx, deal, m[1]!, m[2], opts));
  }
  return text.replace(PLACEHOLDER, (all) => {
    const v = values.get(all) ?? '';
    return opts.html ? escapeHtml(v) : v;
  });
}

async function valueFor(ctx: Ctx, deal: DealSnapshot, name: string, code: string | undefined, opts: FillOptions): Promise<string> {
  switch (name) {
    case 'title':
      return deal.title;
    case 'company':
      return String((await ownerRow(ctx, deal, 'company'))?.title ?? '');
    case 'contact': {
      const c = await ownerRow(ctx, deal, 'contact');
      return c ? nameOf(c) : '';
    }
    case 'responsible':
      return userName(ctx, deal.responsibleId);
    case 'stage':
      return (await findStage(ctx, deal.stageId))?.name ?? '';
    case 'missing':
      return opts.missing ?? '';
    default:
      return fieldText(ctx, deal, code!, opts.lang ?? ctx.lang);
  }
}

async function userName(ctx: Ctx, id: number | null | undefined): Promise<string> {
  if (!id) return '';
  return (await people(ctx, [id])).get(id)?.fullName ?? '';
}

/** A field of the deal as a person reads it: an option's label, a user's name, a stage's name, money in roubles. */
export async function fieldText(ctx: Ctx, deal: DealSnapshot, code: string, lang: Lang): Promise<string> {
  const row = deal.row as unknown as Record<string, unknown>;
  const v = valueOf(row, code);
  if (v === null || v === undefined || v === '') return '';
  if (code in row) {
    if (code === 'responsible_id' || code === 'created_by') return userName(ctx, Number(v));
    if (code === 'stage_id') return (await findStage(ctx, Number(v)))?.name ?? '';
    if (code === 'company_id') return String((await ownerRow(ctx, deal, 'company'))?.title ?? '');
    if (code === 'amount') return String(Number(v) / 100);
    return plain(v);
  }
  const def = (await fieldDefs(ctx, 'deal')).find((d) => d.code === code);
  const one = async (x: unknown): Promise<string> => {
    if (!def) return plain(x);
    if (def.type === 'list') return def.options.find((o) => o.id === x)?.label ?? String(x);
    if (def.type === 'boolean') return t(lang, x ? 'value.yes' : 'value.no');
    if (def.type === 'employee') return userName(ctx, Number(x));
    return plain(x);
  };
  if (Array.isArray(v)) return (await Promise.all(v.map(one))).filter(Boolean).join(', ');
  return one(v);
}

function plain(v: unknown): string {
  if (Array.isArray(v))
    return v
      .map((x) => (x && typeof x === 'object' && 'value' in x ? String((x as { value: unknown }).value ?? '') : String(x)))
      .filter(Boolean)
      .join(', ');
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
