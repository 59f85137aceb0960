/**
 * Money as both sides see it: decimal strings («1250000.50») on the wire, kopecks (minor units)
 * for sums, and the display «1 250 000 ₽» (thin non-breaking spaces) / «1,250,000 ₽».
 */

export const CURRENCIES = ['RUB', 'USD', 'EUR', 'CNY', 'KZT', 'BYN'] as const;

const CURRENCY_SYMBOLS: Record<string, string> = { RUB: '₽', USD: '$', EUR: '€', CNY: '¥', KZT: '₸', BYN: 'Br' };

const NNBSP = '\u202f';
const NBSP = '\u00a0';

export function currencySymbol(code: string | null | undefined): string {
  return CURRENCY_SYMBOLS[code ?? 'RUB'] ?? code ?? '';
}

/**
 * «1250000.5», «1 250 000,5» or 1250000.5 → 125000050 kopecks; a third decimal rounds half up;
 * what is not a number is 0. Strings are counted digit by digit, so no float noise creeps in.
 */
export function toMinor(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 100) : 0;
  const m = value
    .replace(/[\s\u00a0\u202f\u2009]/g, '')
    .replace(',', '.')
    .match(/^([+-]?)(\d*)(?:\.(\d*))?$/);
  if (!m || (!m[2] && !m[3])) return 0;
  const frac = (m[3] ?? '').padEnd(3, '0');
  const minor = Number(m[2] || '0') * 100 + Number(frac.slice(0, 2)) + (Number(frac[2]) >= 5 ? 1 : 0);
  return m[1] === '-' ? -minor : minor;
}

/** 125000050 → «1250000.50». */
export function fromMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** What someone typed in a money field («1 250 000,5 ₽») as a decimal string, '' when empty, null when it is not money. */
export function parseMoneyInput(text: string): string | null {
  const s = text.replace(/[\s\u00a0\u202f\u2009₽]/g, '').replace(',', '.');
  if (s === '') return '';
  return /^-?\d{1,15}(\.\d{1,2})?$/.test(s) ? s : null;
}

export type MoneyLocale = 'ru' | 'en';

function separators(locale: MoneyLocale): { group: string; decimal: string } {
  return locale === 'en' ? { group: ',', decimal: '.' } : { group: NNBSP, decimal: ',' };
}

function groupDigits(whole: string, group: string): string {
  return whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

/** A number: ru «1 250 000», en «1,250,000»; fractions as given (decimal strings stay exact). */
export function formatNumber(value: string | number | null | undefined, locale: MoneyLocale = 'ru'): string {
  if (value === null || value === undefined || value === '') return '';
  const text = typeof value === 'number' ? String(value) : String(value).trim();
  const m = text.match(/^(-?)(\d+)(?:\.(\d+))?$/);
  if (!m) return text;
  const { group, decimal } = separators(locale);
  return `${m[1]}${groupDigits(m[2]!, group)}${m[3] ? decimal + m[3] : ''}`;
}

/** Money, kopecks only when present: ru «1 250 000 ₽», «1 250 000,50 ₽»; en «1,250,000.50 ₽». */
export function formatMoney(value: string | number | null | undefined, currency: string | null | undefined = 'RUB', locale: MoneyLocale = 'ru'): string {
  if (value === null || value === undefined || value === '') return '';
  const text = typeof value === 'number' ? value.toFixed(2) : String(value).trim();
  const m = text.match(/^(-?)(\d+)(?:\.(\d{1,2}))?$/);
  if (!m) return `${text}${NBSP}${currencySymbol(currency)}`;
  const [, sign, whole, frac] = m;
  const { group, decimal } = separators(locale);
  const cents = frac && Number(frac) !== 0 ? decimal + frac.padEnd(2, '0') : '';
  return `${sign}${groupDigits(whole!, group)}${cents}${NBSP}${currencySymbol(currency)}`;
}
