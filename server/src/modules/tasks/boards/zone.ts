import type { DeadlineColumnId } from '@vavilon/contracts';

import { addDays, atTime, dayOf, weekdayOf, type Day } from '../../../platform/time-zone.js';

export { addDays, atTime, dayOf, isTimeZone, weekdayOf, type Day } from '../../../platform/time-zone.js';

/** Where each column of «Сроки» starts and ends for a user at `now` in their zone: [from, to). */
export interface DeadlineBounds {
  now: string;
  tomorrow: string;
  nextWeek: string;
  weekAfter: string;
}

export function deadlineBounds(now: Date, tz: string): DeadlineBounds {
  const today = dayOf(now.getTime(), tz);
  const monday = addDays(today, 7 - weekdayOf(today));
  return {
    now: now.toISOString(),
    tomorrow: atTime(addDays(today, 1), 0, 0, tz).toISOString(),
    nextWeek: atTime(monday, 0, 0, tz).toISOString(),
    weekAfter: atTime(addDays(monday, 7), 0, 0, tz).toISOString(),
  };
}

/** The column a deadline stands in (the same rule as the SQL of the board). */
export function columnOf(deadline: string | null, b: DeadlineBounds): DeadlineColumnId {
  if (deadline === null) return 'none';
  if (deadline < b.now) return 'overdue';
  if (deadline < b.tomorrow) return 'today';
  if (deadline < b.nextWeek) return 'week';
  if (deadline < b.weekAfter) return 'next_week';
  return 'later';
}

/** The end of the working day (19:00), as Bitrix24 sets deadlines. */
const END_HOUR = 19;

/**
 * The deadline a card dropped on a column gets: today 19:00 (23:59 once that has passed), this
 * week's Friday 19:00 (Sunday's once Friday is today or past), next week's Friday 19:00, none,
 * or in 15 days at 19:00. Null with `ok: false`: the column takes no drops (overdue, or this
 * week on its Sunday, when no day of it is left after today).
 */
export function deadlineFor(column: DeadlineColumnId, now: Date, tz: string): { ok: true; deadline: string | null } | { ok: false } {
  const today = dayOf(now.getTime(), tz);
  const wd = weekdayOf(today);
  const b = deadlineBounds(now, tz);
  const at = (day: Day, h = END_HOUR, m = 0) => atTime(day, h, m, tz).toISOString();
  switch (column) {
    case 'overdue':
      return { ok: false };
    case 'none':
      return { ok: true, deadline: null };
    case 'today': {
      const evening = at(today);
      return { ok: true, deadline: evening > b.now ? evening : at(today, 23, 59) };
    }
    case 'week': {
      for (const day of [addDays(today, 4 - wd), addDays(today, 6 - wd)]) {
        const d = at(day);
        if (d >= b.tomorrow && d < b.nextWeek) return { ok: true, deadline: d };
      }
      return { ok: false };
    }
    case 'next_week':
      return { ok: true, deadline: at(addDays(today, 7 - wd + 4)) };
    case 'later':
      return { ok: true, deadline: at(addDays(today, 15)) };
  }
}
