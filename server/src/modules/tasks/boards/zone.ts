import type { DeadlineColumnId } from '@vavilon/contracts';

/** A calendar day in some zone (month 1..12); arithmetic goes through Date.UTC, which normalises overflow. */
export interface Day {
  y: number;
  m: number;
  d: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(tz, f);
  }
  return f;
}

export function isTimeZone(tz: string): boolean {
  try {
    format(tz);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, tz: string): number {
  const p = Object.fromEntries(
    format(tz)
      .formatToParts(new Date(ms))
      .map((x) => [x.type, Number(x.value)]),
  );
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The day an instant falls on in the zone. */
export function dayOf(ms: number, tz: string): Day {
  const local = new Date(ms + offsetAt(ms, tz));
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

export function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayOf(day: Day): number {
  return (new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay() + 6) % 7;
}

/** The instant of a wall-clock time on a day in the zone (a time skipped by a DST change moves forward). */
export function atTime(day: Day, hour: number, minute: number, tz: string): Date {
  const wall = Date.UTC(day.y, day.m - 1, day.d, hour, minute);
  let ms = wall - offsetAt(wall, tz);
  const again = wall - offsetAt(ms, tz);
  if (again !== ms) ms = Math.max(ms, again);
  return new Date(ms);
}

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
