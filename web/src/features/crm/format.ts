// Money and numbers follow the interface language: one formatter for the whole portal.
export { currencySymbol, formatMoney, formatNumber } from '../../ui/format';

// Kopeck arithmetic and money input: the contracts' rules, the same as the server's.
export { CURRENCIES, fromMinor, parseMoneyInput, toMinor } from '@vavilon/contracts';

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
