/** Local dates and times in an employee's time zone. */

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export const localDate = (at: Date, tz: string): string => at.toLocaleDateString('en-CA', { timeZone: tz });

/** One formatter per zone: making one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(at: number, tz: string): number {
  const parts = formatterOf(tz).formatToParts(new Date(at));
  const v = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second')) - Math.floor(at / 1000) * 1000;
}

/** The instant of a local date and time (HH:MM) in a zone. */
export function zonedInstant(date: string, hm: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = hm.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, h, min);
  let at = guess - offsetAt(guess, tz);
  at = guess - offsetAt(at, tz);
  return new Date(at);
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
