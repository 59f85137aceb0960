import { currencySymbol, formatMoney as formatMoneyIn, formatNumber as formatNumberIn, formatPhone, phoneHref, type MoneyLocale } from '@vavilon/contracts';
import i18n, { currentLocale } from '../i18n';

/** The interface language as the contracts' money rules know it. */
const moneyLocale = (): MoneyLocale => (i18n.language === 'en' ? 'en' : 'ru');

export { currencySymbol, formatPhone, phoneHref };

/** A number in the interface language: «1 250 000» / «1,250,000»; fractions as given (decimal strings stay exact). */
export function formatNumber(value: string | number | null | undefined): string {
  return formatNumberIn(value, moneyLocale());
}

/**
 * Money in the interface language, kopecks only when present: ru «1 250 000 ₽»,
 * «1 250 000,50 ₽» (thin non-breaking spaces); en «1,250,000 ₽», «1,250,000.50 ₽».
 */
export function formatMoney(value: string | number | null | undefined, currency: string | null | undefined = 'RUB'): string {
  return formatMoneyIn(value, currency, moneyLocale());
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

export function initials(firstName: string, lastName: string, fallback = ''): string {
  const a = firstName.trim()[0] ?? '';
  const b = lastName.trim()[0] ?? '';
  const s = (a + b).toUpperCase();
  return s || fallback.trim().slice(0, 2).toUpperCase();
}
