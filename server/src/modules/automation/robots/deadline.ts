import type { RelativeTime } from '@vavilon/contracts';

const MINUTE = 60_000;
const DAY = 86_400_000;

const weekday = (tz: string) => new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short' });

/**
 * The moment `rel` after `from`: minutes, hours and days as they pass; workdays skip Saturdays
 * and Sundays of the time zone: each following day that is a workday counts one, the time of day
 * kept (one workday from Friday or Saturday is Monday).
 */
export function deadlineFrom(rel: RelativeTime, from: Date, tz = 'Europe/Moscow'): Date {
  switch (rel.unit) {
    case 'minutes':
      return new Date(from.getTime() + rel.amount * MINUTE);
    case 'hours':
      return new Date(from.getTime() + rel.amount * 60 * MINUTE);
    case 'days':
      return new Date(from.getTime() + rel.amount * DAY);
    case 'workdays': {
      const f = weekday(tz);
      const isWorkday = (d: Date) => !['Sat', 'Sun'].includes(f.format(d));
      let at = new Date(from.getTime());
      for (let left = rel.amount; left > 0;) {
        at = new Date(at.getTime() + DAY);
        if (isWorkday(at)) left--;
      }
      return at;
    }
  }
}

/** A moment as the robots' messages show it: 05.12.2026 18:00 in the time zone. */
export function showMoment(iso: string | Date, tz = 'Europe/Moscow'): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}
