/** Local dates and times in an employee's time zone. */
import { atTime } from '../../platform/time-zone.js';

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export const localDate = (at: Date, tz: string): string => at.toLocaleDateString('en-CA', { timeZone: tz });

/** The instant of a local date and time (HH:MM) in a zone. */
export function zonedInstant(date: string, hm: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = hm.split(':').map(Number) as [number, number];
  return atTime({ y, m, d }, h, min, tz);
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a date. */
export const weekday = (date: string): number => {
  const d = new Date(date + 'T00:00:00Z').getUTCDay();
  return d === 0 ? 7 : d;
};

/** Every date of a month (YYYY-MM). */
export function monthDates(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export const minutesOf = (hm: string): number => {
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Whether an IPv4 address is in one of the CIDR ranges. */
export function ipAllowed(ip: string, ranges: string[]): boolean {
  if (!ranges.length) return true;
  const v4 = ip.replace(/^::ffff:/, '');
  const num = (s: string) => s.split('.').reduce((a, p) => a * 256 + Number(p), 0);
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return false;
  const n = num(v4);
  return ranges.some((r) => {
    const [base, bits = '32'] = r.split('/');
    const b = Number(bits);
    const size = 2 ** (32 - b);
    const start = Math.floor(num(base!) / size) * size;
    return n >= start && n < start + size;
  });
}
