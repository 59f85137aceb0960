import i18n, { currentLocale } from '../i18n';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

const CURRENCY_SYMBOLS: Record<string, string> = { RUB: '₽', USD: '$', EUR: '€', CNY: '¥', KZT: '₸', BYN: 'Br' };

export function currencySymbol(code: string | null | undefined): string {
  return CURRENCY_SYMBOLS[code ?? 'RUB'] ?? code ?? '';
}

/** Separators of the interface language: ru «1 250 000,5» (thin spaces), en «1,250,000.5». */
function separators(): { group: string; decimal: string } {
  return i18n.language === 'en' ? { group: ',', decimal: '.' } : { group: NNBSP, decimal: ',' };
}

function groupDigits(whole: string, group: string): string {
  return whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

/** A number in the interface language: «1 250 000» / «1,250,000»; fractions as given (decimal strings stay exact). */
export function formatNumber(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const text = typeof value === 'number' ? String(value) : String(value).trim();
  const m = text.match(/^(-?)(\d+)(?:\.(\d+))?$/);
  if (!m) return text;
  const { group, decimal } = separators();
  return `${m[1]}${groupDigits(m[2]!, group)}${m[3] ? decimal + m[3] : ''}`;
}

/**
 * Money in the interface language, kopecks only when present: ru «1 250 000 ₽»,
 * «1 250 000,50 ₽» (thin non-breaking spaces); en «1,250,000 ₽», «1,250,000.50 ₽».
 */
export function formatMoney(value: string | number | null | undefined, currency: string | null | undefined = 'RUB'): string {
  if (value === null || value === undefined || value === '') return '';
  const text = typeof value === 'number' ? value.toFixed(2) : String(value).trim();
  const m = text.match(/^(-?)(\d+)(?:\.(\d{1,2}))?$/);
  if (!m) return `${text}${NBSP}${currencySymbol(currency)}`;
  const [, sign, whole, frac] = m;
  const { group, decimal } = separators();
  const cents = frac && Number(frac) !== 0 ? decimal + frac.padEnd(2, '0') : '';
  return `${sign}${groupDigits(whole!, group)}${cents}${NBSP}${currencySymbol(currency)}`;
}

function toDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** «26 ноября 2026» (without the «г.» Intl adds in Russian). */
export function formatDate(value: string | Date): string {
  const d = toDate(value);
  if (!d) return '';
  const parts = new Intl.DateTimeFormat(currentLocale(), { day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(d);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')}`;
}

export function formatTime(value: string | Date): string {
  const d = toDate(value);
  if (!d) return '';
  return new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit' }).format(d);
}

/** «26 ноября 2026, 14:05»; for today and yesterday the day is named. */
export function formatDateTime(value: string | Date, words?: { today: string; yesterday: string }): string {
  const d = toDate(value);
  if (!d) return '';
  if (words) {
    const now = new Date();
    const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    const t = d.getTime();
    if (t >= startOfToday && t < startOfToday + 86_400_000) return `${words.today}, ${formatTime(d)}`;
    if (t >= startOfToday - 86_400_000 && t < startOfToday) return `${words.yesterday}, ${formatTime(d)}`;
  }
  return `${formatDate(d)}, ${formatTime(d)}`;
}

/** +7 900 000-00-01 for Russian numbers; other numbers are shown as entered. */
export function formatPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  let national: string | null = null;
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) national = digits.slice(1);
  else if (digits.length === 10 && digits[0] === '9') national = digits;
  if (!national) return value.trim();
  return `+7 ${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8, 10)}`;
}

export function phoneHref(value: string): string {
  const digits = value.replace(/[^\d+]/g, '');
  return `tel:${digits}`;
}

export function initials(firstName: string, lastName: string, fallback = ''): string {
  const a = firstName.trim()[0] ?? '';
  const b = lastName.trim()[0] ?? '';
  const s = (a + b).toUpperCase();
  return s || fallback.trim().slice(0, 2).toUpperCase();
}
