import type { TypedValue } from '@vavilon/contracts';

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

/** "1250000.5" → 125000050 kopecks. */
export function toMinor(money: string): number {
  const [whole, frac = ''] = money.trim().split('.');
  const sign = whole!.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number((frac + '00').slice(0, 2)));
}

/** 125000050 → "1250000.50". */
export function fromMinor(minor: number | null): string | null {
  if (minor === null || minor === undefined) return null;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
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
