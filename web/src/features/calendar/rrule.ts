/** The form's recurrence and the RFC 5545 rule (without DTSTART) the server stores. */
export type Freq = 'none' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Repeat {
  freq: Freq;
  interval: number;
  days: Weekday[];
  /** Monthly: on the start's date (15th) or on its weekday (the second Tuesday). */
  monthlyBy: 'date' | 'weekday';
  ends: 'never' | 'count' | 'until';
  count: number;
  /** An ISO day ("2026-12-31"). */
  until: string;
}

export const weekdayOf = (d: Date): Weekday => WEEKDAYS[(d.getDay() + 6) % 7]!;

export function noRepeat(start: Date): Repeat {
  return { freq: 'none', interval: 1, days: [weekdayOf(start)], monthlyBy: 'date', ends: 'never', count: 10, until: '' };
}

export function parseRepeat(rule: string | null, start: Date): Repeat {
  const r = noRepeat(start);
  if (!rule) return r;
  const parts = new Map(rule.split(';').map((p) => p.split('=') as [string, string]));
  const freq = parts.get('FREQ');
  if (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY' || freq === 'YEARLY') r.freq = freq;
  r.interval = Number(parts.get('INTERVAL') ?? 1) || 1;
  const byday = parts.get('BYDAY');
  if (byday && r.freq === 'WEEKLY') r.days = byday.split(',').filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d));
  if (byday && r.freq === 'MONTHLY') r.monthlyBy = 'weekday';
  if (parts.has('COUNT')) {
    r.ends = 'count';
    r.count = Number(parts.get('COUNT'));
  } else if (parts.has('UNTIL')) {
    r.ends = 'until';
    const u = parts.get('UNTIL')!;
    r.until = `${u.slice(0, 4)}-${u.slice(4, 6)}-${u.slice(6, 8)}`;
  }
  return r;
}

export function buildRule(r: Repeat, start: Date): string | null {
  if (r.freq === 'none') return null;
  const out = [`FREQ=${r.freq}`];
  if (r.interval > 1) out.push(`INTERVAL=${r.interval}`);
  if (r.freq === 'WEEKLY') out.push(`BYDAY=${(r.days.length ? WEEKDAYS.filter((d) => r.days.includes(d)) : [weekdayOf(start)]).join(',')}`);
  if (r.freq === 'MONTHLY' && r.monthlyBy === 'weekday') {
    const nth = Math.floor((start.getDate() - 1) / 7) + 1;
    out.push(`BYDAY=${nth > 4 ? -1 : nth}${weekdayOf(start)}`);
  }
  if (r.ends === 'count') out.push(`COUNT=${Math.max(1, r.count)}`);
  if (r.ends === 'until' && r.until) out.push(`UNTIL=${r.until.replace(/-/g, '')}T235959Z`);
  return out.join(';');
}
