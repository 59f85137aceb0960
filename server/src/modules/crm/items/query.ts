import type { ListQuery } from '@vavilon/contracts';
import { errors, type FieldError } from '../../../platform/errors.js';
import { isDay } from '../deals/input.js';

/** Dates of the filter panel must be real days: PostgreSQL would refuse "2025-02-30" inside the query. */
export function checkListQuery(q: ListQuery): ListQuery {
  const errs: FieldError[] = [];
  for (const f of ['dateFrom', 'dateTo'] as const) {
    if (q[f] && !isDay(q[f]!)) errs.push({ field: f, message: 'crm.date_invalid' });
  }
  if (errs.length) throw errors.validation(errs);
  return q;
}
