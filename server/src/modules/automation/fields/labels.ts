import type { FieldOwner } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { Lang } from '../../../platform/i18n/index.js';
import { fieldDefs, fieldLabel, type EntityType } from '../../crm/api.js';

/** The CRM entity whose fields an owner names. */
export const ownerEntity = (owner: FieldOwner): EntityType => (owner === 'item' ? 'deal' : owner);

/**
 * Labels of an owner's fields in a language, as the CRM names them: standard fields by the CRM's
 * card and list labels («Выручка», «ИНН»), custom fields by their own label; an unknown code stays as it is.
 */
export async function fieldLabels(ctx: Ctx, owner: FieldOwner, codes: string[], lang: Lang): Promise<string[]> {
  const defs = await fieldDefs(ctx, ownerEntity(owner));
  const custom = new Map(defs.map((d) => [d.code, d.label]));
  return codes.map((code) => (custom.has(code) ? custom.get(code)! : fieldLabel(ownerEntity(owner), code, lang, custom)));
}

/** Whether a value counts as filled: not null, not blank, not an empty list (a list of blank phones is empty too). */
export function isFilled(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some((x) => (x && typeof x === 'object' && 'value' in x ? isFilled((x as { value: unknown }).value) : isFilled(x)));
  return true;
}
