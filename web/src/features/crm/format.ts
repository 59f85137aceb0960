// Money and numbers follow the interface language: one formatter for the whole portal.
export { currencySymbol, formatMoney, formatNumber } from '../../ui/format';

export const CURRENCIES = ['RUB', 'USD', 'EUR', 'CNY', 'KZT', 'BYN'] as const;

/** Decimal string arithmetic in kopecks, so sums never drift. */
export function toMinor(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.').replace(/\s/g, ''));
  return Number.isFinite(n) ? Math.round(n * 100) : 0;
}

export function fromMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** What the user typed in a money field («1 250 000,5») as the server's decimal string, or null when it is not money. */
export function parseMoneyInput(text: string): string | null {
  const s = text.replace(/[\s\u00a0\u202f\u2009₽]/g, '').replace(',', '.');
  if (s === '') return '';
  return /^-?\d{1,15}(\.\d{1,2})?$/.test(s) ? s : null;
}

/** Money for an input field: grouped, without the currency. */
export function moneyInputValue(value: string | null | undefined): string {
  if (!value) return '';
  const m = value.match(/^(-?)(\d+)(?:\.(\d{1,2}))?$/);
  if (!m) return value;
  const cents = m[3] && Number(m[3]) !== 0 ? `,${m[3].padEnd(2, '0')}` : '';
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}${cents}`;
}

/** Dark text on light stage colours, white on dark ones. */
export function textOn(color: string): string {
  const m = color.match(/^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i);
  if (!m) return '#fff';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16) / 255);
  const lum = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return lum > 0.62 ? '#1f2d3d' : '#fff';
}

/** Person's name from a server user reference, split for avatars. */
export function userParts(u: { id: number; fullName: string; photoUrl: string | null }) {
  const [firstName = '', lastName = ''] = u.fullName.split(/\s+/);
  return { id: u.id, fullName: u.fullName, photoUrl: u.photoUrl, firstName, lastName };
}

/** Local date as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** «26 ноября 2026» for a calendar day, without shifting it through time zones. */
export function parseDay(s: string): Date | null {
  const m = s.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}
