import { useSearchParams } from 'react-router';
import type { DateRangeValue, FilterField, FilterValues, NumberRangeValue } from './types';

/** The address parameters a field is kept in. */
function paramsOf(f: FilterField): string[] {
  switch (f.type) {
    case 'dateRange':
      return [f.params?.field ?? `${f.id}Field`, f.params?.from ?? `${f.id}From`, f.params?.to ?? `${f.id}To`];
    case 'numberRange':
      return [f.params?.min ?? `${f.id}Min`, f.params?.max ?? `${f.id}Max`];
    default:
      return [f.param ?? f.id];
  }
}

/** Reads the fields' values from address parameters; `keys` are plain string values without a field (quick presets). */
export function readFilter(params: URLSearchParams, fields: FilterField[], keys: string[] = []): FilterValues {
  const values: FilterValues = {};
  for (const k of keys) {
    const v = params.get(k);
    if (v) values[k] = v;
  }
  for (const f of fields) {
    const [a, b, c] = paramsOf(f);
    switch (f.type) {
      case 'text': {
        const v = params.get(a!);
        if (v) values[f.id] = v;
        break;
      }
      case 'select': {
        const v = params.get(a!);
        if (v) values[f.id] = f.multiple ? v.split(',').filter(Boolean) : v;
        break;
      }
      case 'user': {
        const v = Number(params.get(a!));
        if (v > 0) values[f.id] = v;
        break;
      }
      case 'dateRange': {
        const from = params.get(b!) ?? undefined;
        const to = params.get(c!) ?? undefined;
        if (from || to) values[f.id] = { field: params.get(a!) ?? f.dateFields?.[0]?.value, from, to } satisfies DateRangeValue;
        break;
      }
      case 'numberRange': {
        const min = params.get(a!);
        const max = params.get(b!);
        const r: NumberRangeValue = {};
        if (min !== null && min !== '' && Number.isFinite(Number(min))) r.min = Number(min);
        if (max !== null && max !== '' && Number.isFinite(Number(max))) r.max = Number(max);
        if (r.min !== undefined || r.max !== undefined) values[f.id] = r;
        break;
      }
    }
  }
  return values;
}

/** The address parameters for `values` (null: remove the parameter). */
export function writeFilter(values: FilterValues, fields: FilterField[], keys: string[] = []): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k of keys) {
    const v = values[k];
    out[k] = typeof v === 'string' && v ? v : null;
  }
  for (const f of fields) {
    const [a, b, c] = paramsOf(f);
    const v = values[f.id];
    switch (f.type) {
      case 'text':
        out[a!] = typeof v === 'string' && v.trim() ? v.trim() : null;
        break;
      case 'select':
        out[a!] = Array.isArray(v) ? (v.length ? v.join(',') : null) : typeof v === 'string' && v ? v : null;
        break;
      case 'user':
        out[a!] = typeof v === 'number' && v > 0 ? String(v) : null;
        break;
      case 'dateRange': {
        const r = (v ?? {}) as DateRangeValue;
        const any = Boolean(r.from || r.to);
        out[a!] = any && r.field ? r.field : null;
        out[b!] = r.from || null;
        out[c!] = r.to || null;
        break;
      }
      case 'numberRange': {
        const r = (v ?? {}) as NumberRangeValue;
        out[a!] = r.min !== undefined ? String(r.min) : null;
        out[b!] = r.max !== undefined ? String(r.max) : null;
        break;
      }
    }
  }
  return out;
}

/** Whether a field's value filters anything. */
export function hasValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.values(v as object).some((x) => x !== undefined && x !== null && x !== '');
  return true;
}

export interface UrlFilter {
  values: FilterValues;
  search: string;
  page: number;
  /** Any search, field or quick-preset value set. */
  active: boolean;
  setValues: (values: FilterValues) => void;
  setSearch: (q: string) => void;
  setPage: (page: number) => void;
  reset: () => void;
}

/**
 * A list's filter, search («q») and page («page») kept in the address, so a filtered list can be
 * shared and survives a slider opened over it. `keys`: plain values that no field shows (a quick
 * preset's key such as «preset»). Changing the filter or the search goes back to page 1.
 */
export function useUrlFilter(fields: FilterField[], keys: string[] = []): UrlFilter {
  const [params, setParams] = useSearchParams();
  const values = readFilter(params, fields, keys);
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const update = (patch: Record<string, string | null>, resetPage = true) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (resetPage) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const active = Boolean(search) || Object.values(values).some(hasValue);
  return {
    values,
    search,
    page,
    active,
    setValues: (v) => update(writeFilter(v, fields, keys)),
    setSearch: (q) => update({ q: q || null }),
    setPage: (p) => update({ page: p > 1 ? String(p) : null }, false),
    reset: () => update({ q: null, ...writeFilter({}, fields, keys) }),
  };
}
