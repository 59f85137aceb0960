/** The calendar kit's model: local days as YYYY-MM-DD, Monday-first weeks, items laid out in lanes. */

export type CalendarView = 'month' | 'week' | 'day';

/** Something shown on the calendar: on one day, or a bar from `start` to `end` (inclusive). */
export interface CalendarItem {
  id: string | number;
  title: string;
  /** The first day, local YYYY-MM-DD. */
  start: string;
  /** The last day (inclusive) of a bar; the start day when left out. */
  end?: string;
  /** The edge colour (a stage, a status). */
  color?: string;
  /** A short prefix (a time: «19:00»). */
  time?: string;
  /** A line under the title in the tooltip and the phone's agenda. */
  meta?: string;
  /** A link to open (the item is a link), with its router state; otherwise `onOpen` of the grid. */
  to?: string;
  state?: unknown;
  /** May be dragged to another day (the grid needs `onMove`). */
  draggable?: boolean;
  /** Drawn faded (a completed task). */
  muted?: boolean;
}

export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A local date of a YYYY-MM-DD (or the date part of a longer string), without shifting it through zones. */
export function parseDay(s: string): Date | null {
  const m = s.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

export function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
}

/** Whole days from a to b (local calendar days, DST-proof). */
export function daysBetween(a: string, b: string): number {
  const [x, y] = [parseDay(a)!, parseDay(b)!];
  return Math.round((Date.UTC(y.getFullYear(), y.getMonth(), y.getDate()) - Date.UTC(x.getFullYear(), x.getMonth(), x.getDate())) / 86_400_000);
}

export function shiftDay(day: string, n: number): string {
  return isoDay(addDays(parseDay(day)!, n));
}

const monday = (d: Date) => addDays(d, -((d.getDay() + 6) % 7));

/** The days a view shows around `date`: Monday-first weeks covering the month, the week, or the day; and the moments bounding them. */
export function calendarRange(view: CalendarView, date: Date): { weeks: Date[][]; first: Date; last: Date; from: string; to: string } {
  let days: Date[];
  if (view === 'day') days = [new Date(date.getFullYear(), date.getMonth(), date.getDate())];
  else if (view === 'week') days = Array.from({ length: 7 }, (_, i) => addDays(monday(date), i));
  else {
    const start = monday(new Date(date.getFullYear(), date.getMonth(), 1));
    const lastOfMonth = new Date(date.getFullYear(), date.getMonth() + 1, 0);
    const count = Math.round((Date.UTC(lastOfMonth.getFullYear(), lastOfMonth.getMonth(), lastOfMonth.getDate()) - Date.UTC(start.getFullYear(), start.getMonth(), start.getDate())) / 86_400_000) + 1;
    days = Array.from({ length: Math.ceil(count / 7) * 7 }, (_, i) => addDays(start, i));
  }
  const weeks: Date[][] = [];
  const width = view === 'day' ? 1 : 7;
  for (let i = 0; i < days.length; i += width) weeks.push(days.slice(i, i + width));
  const first = days[0]!;
  const last = days[days.length - 1]!;
  return { weeks, first, last, from: isoDay(first), to: isoDay(last) };
}

/** The date the arrows lead to. */
export function stepDate(view: CalendarView, date: Date, by: 1 | -1): Date {
  if (view === 'month') return new Date(date.getFullYear(), date.getMonth() + by, 1);
  return addDays(date, by * (view === 'week' ? 7 : 1));
}

/** A piece of an item within one row of days: its columns and lane. */
export interface Segment<I extends CalendarItem = CalendarItem> {
  item: I;
  /** Column of its first and last day in the row (0-based, inclusive). */
  from: number;
  to: number;
  lane: number;
  /** It goes on before / after this row. */
  continuesBefore: boolean;
  continuesAfter: boolean;
}

/** Lays the items of one row of days into lanes: longer ones first, each in the lowest lane free for all its days. */
export function layoutRow<I extends CalendarItem>(row: string[], items: I[]): Segment<I>[] {
  const first = row[0]!;
  const last = row[row.length - 1]!;
  const inRow = items
    .filter((i) => i.start <= last && (i.end ?? i.start) >= first)
    .map((item) => {
      const end = item.end && item.end > item.start ? item.end : item.start;
      return { item, start: item.start, end, len: daysBetween(item.start, end) };
    })
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : b.len - a.len || String(a.item.id).localeCompare(String(b.item.id))));
  const lanes: boolean[][] = [];
  const out: Segment<I>[] = [];
  for (const x of inRow) {
    const from = Math.max(0, daysBetween(first, x.start));
    const to = Math.min(row.length - 1, daysBetween(first, x.end));
    let lane = 0;
    while (lanes[lane]?.slice(from, to + 1).some(Boolean)) lane += 1;
    lanes[lane] ??= Array.from({ length: row.length }, () => false);
    for (let c = from; c <= to; c++) lanes[lane]![c] = true;
    out.push({ item: x.item, from, to, lane, continuesBefore: x.start < first, continuesAfter: x.end > last });
  }
  return out;
}
