import type { TypedValue } from '@vavilon/contracts';
import { fromMinor as fromMinorShared } from '@vavilon/contracts';

/**
 * ИНН: 10 digits (organisations) or 12 (individuals), with check digits computed from
 * weighted sums mod 11 mod 10.
 */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false;
  const d = inn.split('').map(Number);
  const check = (weights: number[]) => (weights.reduce((s, w, i) => s + w * d[i]!, 0) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
}

/** "1250000.5" → 125000050 kopecks: the contracts' rule, shared with the web. */
export { toMinor } from '@vavilon/contracts';

/** 125000050 → "1250000.50"; null stays null. */
export function fromMinor(minor: number | null): string | null {
  return minor === null || minor === undefined ? null : fromMinorShared(minor);
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Lower-cased words an item is found by: names, phones (digits too), e-mails, ИНН. */
export function buildSearchText(parts: (string | null | undefined)[], typed: TypedValue[][] = []): string {
  const values = typed.flat().flatMap((v) => [v.value, v.value.replace(/\D/g, '')]);
  return [...parts, ...values].filter(Boolean).join(' ').toLowerCase().slice(0, 4000);
}
