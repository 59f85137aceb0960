/** Calendar days and wall-clock times in IANA time zones, for every module (one formatter per zone, made once). */

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
export function offsetAt(ms: number, tz: string): number {
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
