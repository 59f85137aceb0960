import type { DataColumn } from './types';

/**
 * The columns shown, in order: the chosen ones (or the defaults) in the chosen order; columns
 * that cannot be hidden stand first when they are first among the columns, otherwise last.
 */
export function visibleIds<Row>(columns: DataColumn<Row>[], chosen: string[] | null | undefined): string[] {
  const hideable = columns.filter((c) => c.hideable !== false);
  const known = new Set(hideable.map((c) => c.id));
  const list = (chosen ?? []).filter((k, i, all) => known.has(k) && all.indexOf(k) === i);
  const ids = list.length ? list : hideable.filter((c) => c.defaultVisible !== false).map((c) => c.id);
  const head: string[] = [];
  const tail: string[] = [];
  columns.forEach((c, i) => {
    if (c.hideable === false) (i === 0 ? head : tail).push(c.id);
  });
  return [...head, ...ids, ...tail];
}
