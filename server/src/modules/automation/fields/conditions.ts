import type { Condition, ConditionTerm } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { DealSnapshot } from '../../crm/api.js';
import { readField } from './values.js';

/** Whether the condition holds for the deal (its own fields, its company's, its primary contact's). No condition: it holds. */
export async function evaluateCondition(ctx: Ctx, deal: DealSnapshot, condition: Condition | null): Promise<boolean> {
  if (!condition) return true;
  const results: boolean[] = [];
  for (const term of condition.terms) {
    results.push(test(term, await readField(ctx, deal, term.owner, term.field)));
    if (condition.join === 'any' && results.at(-1)) return true;
    if (condition.join === 'all' && !results.at(-1)) return false;
  }
  return condition.join === 'all';
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown): boolean => (Array.isArray(a) ? a.some((x) => same(x, b)) : a !== null && a !== undefined && String(a) === String(b));

export function test(term: ConditionTerm, value: unknown): boolean {
  switch (term.op) {
    case 'empty':
      return isEmpty(value);
    case 'filled':
      return !isEmpty(value);
    case 'eq':
      return same(value, term.value);
    case 'ne':
      return !same(value, term.value);
    case 'in':
      return Array.isArray(term.value) && term.value.some((v) => same(value, v));
    case 'gt':
      return !isEmpty(value) && Number(value) > Number(term.value);
    case 'lt':
      return !isEmpty(value) && Number(value) < Number(term.value);
    case 'contains':
      return (
        !isEmpty(value) &&
        String(value)
          .toLowerCase()
          .includes(String(term.value ?? '').toLowerCase())
      );
  }
}
