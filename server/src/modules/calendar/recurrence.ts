import * as rrulePkg from 'rrule';
import type { Options } from 'rrule';

// Node loads the package's CommonJS build (all under `default`), bundlers its ES modules.
const RRule = ((rrulePkg as unknown as { RRule?: typeof rrulePkg.RRule }).RRule ?? (rrulePkg as unknown as { default: typeof rrulePkg }).default.RRule) as typeof rrulePkg.RRule;

/** At most this many occurrences of one event in one read window. */
export const MAX_OCCURRENCES = 1000;
/** How far ahead a rule that never ends is checked against a room's bookings. */
export const HORIZON_MS = 2 * 366 * 86_400_000;

const UNBOUNDED = new Set([RRule.SECONDLY, RRule.MINUTELY, RRule.HOURLY]);

const parsed = new Map<string, Partial<Options> | null>();

/** The rule's options, or null when it is not a rule we keep (unparsable, or repeating more often than daily). */
export function parseRule(rule: string): Partial<Options> | null {
  // A window's read parses the same few rules over and over: they are kept, a few thousand at most.
  if (parsed.has(rule)) {
    const o = parsed.get(rule)!;
    return o && { ...o };
  }
  const o = readRule(rule);
  if (parsed.size >= 5000) parsed.clear();
  parsed.set(rule, o);
  return o && { ...o };
}

function readRule(rule: string): Partial<Options> | null {
  try {
    const text = rule.replace(/^RRULE:/i, '').trim();
    if (!/^FREQ=/i.test(text) && !/;FREQ=/i.test(text)) return null;
    const o = RRule.parseString(text);
    if (o.freq === undefined || UNBOUNDED.has(o.freq)) return null;
    if (o.count !== undefined && o.count !== null && (o.count < 1 || o.count > 5000)) return null;
    // A rule that names nothing (BYDAY=XX) yields no occurrence at all.
    new RRule({ ...o, dtstart: new Date(0) }).after(new Date(0), true);
    return o;
  } catch {
    return null;
  }
}

/** The rule as RRULE text (normalised, no DTSTART). */
export function ruleText(o: Partial<Options>): string {
  return RRule.optionsToString(o).replace(/^RRULE:/, '');
}

/** The starts of a rule's occurrences (UTC) in [from, to), at most `MAX_OCCURRENCES`. */
export function startsBetween(rule: string, dtstart: string, from: Date, to: Date, lengthMs: number): Date[] {
  const parsedRule = parseRule(rule);
  if (!parsedRule) return [];
  const quick = simpleStarts(parsedRule, new Date(dtstart), from.getTime() - lengthMs, to.getTime());
  if (quick) return quick.filter((d) => d.getTime() + lengthMs > from.getTime() || (lengthMs === 0 && d >= from)).slice(0, MAX_OCCURRENCES);
  const start = laterStart(parsedRule, new Date(dtstart), from.getTime() - lengthMs);
  if (!start) return [];
  const r = new RRule({ ...start.o, dtstart: start.dtstart });
  const out: Date[] = [];
  // An occurrence that started before the window but ends in it counts too.
  r.between(new Date(from.getTime() - lengthMs), to, true, (d) => {
    if (d.getTime() + lengthMs > from.getTime() || (lengthMs === 0 && d >= from)) out.push(d);
    return out.length < MAX_OCCURRENCES;
  });
  return out;
}

const DAY_MS = 86_400_000;

/**
 * The starts in [lo, hi] (both included, as rrule's `between`) of a daily rule without BYDAY or a
 * weekly one (on its start's weekday or on plain BYDAY days), counted out rather than iterated:
 * these are most of what people repeat, and rrule spends some 50 µs on each even from a near
 * start. Null: another rule, for rrule. Times are UTC, as everywhere here.
 */
function simpleStarts(o: Partial<Options>, dtstart: Date, lo: number, hi: number): Date[] | null {
  if ((o.freq !== RRule.DAILY && o.freq !== RRule.WEEKLY) || notShifted(o) || o.tzid) return null;
  const raw = o.byweekday === undefined || o.byweekday === null ? [] : Array.isArray(o.byweekday) ? o.byweekday : [o.byweekday];
  const days = raw.map((d) => (typeof d === 'number' ? { weekday: d, n: undefined } : (d as { weekday: number; n?: number })));
  if (days.some((d) => d.n) || (o.freq === RRule.DAILY && days.length)) return null;
  const interval = o.interval || 1;
  const until = o.until ? o.until.getTime() : Infinity;
  const count = o.count || Infinity;
  const t0 = dtstart.getTime();
  if (t0 % 1000 !== 0) return null;
  const out: Date[] = [];
  if (!days.length) {
    const period = (o.freq === RRule.DAILY ? 1 : 7) * interval * DAY_MS;
    for (let k = Math.max(0, Math.ceil((lo - t0) / period)); k < count; k++) {
      const t = t0 + k * period;
      if (t > hi || t > until || out.length > MAX_OCCURRENCES) break;
      out.push(new Date(t));
    }
    return out;
  }
  // Weeks begin on WKST (Monday unless told); rrule numbers weekdays from Monday, 0 to 6.
  const w = o.wkst as unknown;
  const wkst = typeof w === 'number' ? w : w && typeof w === 'object' && 'weekday' in w ? (w as { weekday: number }).weekday : 0;
  const weekday = (dtstart.getUTCDay() + 6) % 7;
  const timeOfDay = t0 - Math.floor(t0 / DAY_MS) * DAY_MS;
  const weekStart = Math.floor(t0 / DAY_MS) * DAY_MS - ((weekday - wkst + 7) % 7) * DAY_MS;
  const offsets = [...new Set(days.map((d) => d.weekday))].map((d) => ((d - wkst + 7) % 7) * DAY_MS + timeOfDay).sort((a, b) => a - b);
  const inFirst = offsets.filter((x) => weekStart + x >= t0).length;
  const span = 7 * DAY_MS * interval;
  for (let j = Math.max(0, Math.floor((lo - weekStart) / span) - 1); ; j++) {
    const ws = weekStart + j * span;
    if (ws > hi || ws > until) return out;
    let index = j === 0 ? 0 : inFirst + (j - 1) * offsets.length;
    for (const x of offsets) {
      const t = ws + x;
      if (t < t0) continue;
      if (index >= count || t > until || t > hi) return out;
      index++;
      if (t >= lo) out.push(new Date(t));
      if (out.length > MAX_OCCURRENCES) return out;
    }
  }
}
const NOT_SHIFTED = ['bysetpos', 'bymonth', 'bymonthday', 'bynmonthday', 'byyearday', 'byweekno', 'byhour', 'byminute', 'bysecond', 'byeaster', 'bynweekday'] as const;

/**
 * The same rule from a later start, so that expanding it for a window far from its start does not
 * walk every occurrence since (half a millisecond for a weekly rule a year old, with rrule):
 * a daily or weekly rule moves on by whole intervals, to one interval before `notBefore`, and its
 * COUNT loses the occurrences passed (one an interval, or one a day named for a weekly rule
 * every week). Rules with other parts (BYMONTHDAY, BYSETPOS, …) keep their start. Null: no
 * occurrence is left.
 */
export function laterStart(o: Partial<Options>, dtstart: Date, notBefore: number): { o: Partial<Options>; dtstart: Date } | null {
  const same = { o, dtstart };
  const interval = o.interval || 1;
  if ((o.freq === RRule.MONTHLY || o.freq === RRule.YEARLY) && !o.count) return laterMonth(o, dtstart, notBefore, o.freq === RRule.YEARLY ? 12 * interval : interval);
  const period = o.freq === RRule.DAILY ? DAY_MS * interval : o.freq === RRule.WEEKLY ? 7 * DAY_MS * interval : 0;
  if (!period || notShifted(o)) return same;
  const raw = o.byweekday === undefined || o.byweekday === null ? [] : Array.isArray(o.byweekday) ? o.byweekday : [o.byweekday];
  const days = raw.map((d) => (typeof d === 'number' ? { weekday: d, n: undefined } : (d as { weekday: number; n?: number })));
  if (days.some((d) => d.n)) return same;
  const periods = Math.floor((notBefore - dtstart.getTime()) / period) - 1;
  if (periods <= 0) return same;
  let count = o.count;
  if (count) {
    if (days.length && (o.freq !== RRule.WEEKLY || interval !== 1)) return same;
    count -= periods * (days.length ? new Set(days.map((d) => d.weekday)).size : 1);
    if (count <= 0) return null;
  }
  return { o: { ...o, count }, dtstart: new Date(dtstart.getTime() + periods * period) };
}

/** A monthly (yearly) rule without COUNT or other parts, on a day every month has: whole intervals of months on. */
function laterMonth(o: Partial<Options>, dtstart: Date, notBefore: number, months: number): { o: Partial<Options>; dtstart: Date } {
  const same = { o, dtstart };
  if (dtstart.getUTCDate() > 28 || notShifted(o) || (o.byweekday !== undefined && o.byweekday !== null && !(Array.isArray(o.byweekday) && !o.byweekday.length))) return same;
  const before = new Date(notBefore);
  const passed = (before.getUTCFullYear() - dtstart.getUTCFullYear()) * 12 + before.getUTCMonth() - dtstart.getUTCMonth();
  const steps = Math.floor(passed / months) - 1;
  if (steps <= 0) return same;
  const next = new Date(dtstart);
  next.setUTCMonth(next.getUTCMonth() + steps * months);
  return { o, dtstart: next };
}

const notShifted = (o: Partial<Options>) =>
  NOT_SHIFTED.some((k) => {
    const v = (o as Record<string, unknown>)[k];
    return v !== undefined && v !== null && !(Array.isArray(v) && !v.length);
  });

/** When the last occurrence ends, or null when the rule never ends. */
export function lastEnd(rule: string | null, dtstart: string, lengthMs: number): string | null {
  if (!rule) return new Date(new Date(dtstart).getTime() + lengthMs).toISOString();
  const o = parseRule(rule);
  if (!o || (!o.count && !o.until)) return null;
  const r = new RRule({ ...o, dtstart: new Date(dtstart) });
  const all = r.all((_, i) => i < 5000);
  const last = all[all.length - 1] ?? new Date(dtstart);
  return new Date(last.getTime() + lengthMs).toISOString();
}

/** The rule ending just before `before` (for «это и следующие»): UNTIL one second earlier, COUNT dropped. */
export function endBefore(rule: string, before: Date): string {
  const o = parseRule(rule)!;
  return ruleText({ ...o, count: null, until: new Date(before.getTime() - 1000) });
}

/** The rule for the series that continues from an occurrence: its COUNT less the occurrences before it. */
export function continueFrom(rule: string, dtstart: string, from: Date): string {
  const o = parseRule(rule)!;
  if (!o.count) return ruleText(o);
  const before = new RRule({ ...o, dtstart: new Date(dtstart) }).between(new Date(dtstart), from, true).filter((d) => d < from).length;
  return ruleText({ ...o, count: Math.max(1, o.count - before) });
}
