import * as rrulePkg from 'rrule';
import type { Options } from 'rrule';

// Node loads the package's CommonJS build (all under `default`), bundlers its ES modules.
const RRule = ((rrulePkg as unknown as { RRule?: typeof rrulePkg.RRule }).RRule ?? (rrulePkg as unknown as { default: typeof rrulePkg }).default.RRule) as typeof rrulePkg.RRule;

/** At most this many occurrences of one event in one read window. */
export const MAX_OCCURRENCES = 1000;
/** How far ahead a rule that never ends is checked against a room's bookings. */
export const HORIZON_MS = 2 * 366 * 86_400_000;

const UNBOUNDED = new Set([RRule.SECONDLY, RRule.MINUTELY, RRule.HOURLY]);

/** The rule's options, or null when it is not a rule we keep (unparsable, or repeating more often than daily). */
export function parseRule(rule: string): Partial<Options> | null {
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
  const o = parseRule(rule);
  if (!o) return [];
  const r = new RRule({ ...o, dtstart: new Date(dtstart) });
  const out: Date[] = [];
  // An occurrence that started before the window but ends in it counts too.
  r.between(new Date(from.getTime() - lengthMs), to, true, (d) => {
    if (d.getTime() + lengthMs > from.getTime() || (lengthMs === 0 && d >= from)) out.push(d);
    return out.length < MAX_OCCURRENCES;
  });
  return out;
}

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
