import * as rruleModule from 'rrule';
import type { TemplateRepeat, Weekday } from '@vavilon/contracts';

// rrule is a CommonJS package: under Node's ESM loader its exports sit on `default`.
const { RRule, rrulestr } = ((rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule) as typeof rruleModule;

/**
 * Repetition in the author's wall time. The rule is expanded in "floating" time — dates whose UTC
 * fields are the wall clock of the author's zone — and each occurrence is turned into a real
 * instant in that zone afterwards, so «каждый понедельник в 9:00» stays 9:00 across offset changes.
 */

const parts = (tz: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The wall clock of `tz` at `instant`, as a floating date. */
export function wallOf(instant: Date, tz: string): Date {
  const p = Object.fromEntries(
    parts(tz)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return new Date(Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!));
}

/** The instant at which the wall clock of `tz` shows `wall`. */
export function instantOf(wall: Date, tz: string): Date {
  let guess = wall.getTime() - (wallOf(wall, tz).getTime() - wall.getTime());
  // A second pass settles the offset when the guess crossed an offset change.
  guess = wall.getTime() - (wallOf(new Date(guess), tz).getTime() - guess);
  return new Date(guess);
}

/** The key of an occurrence: its floating wall time, «2026-12-07T09:00». */
export const occurrenceKey = (wall: Date) => wall.toISOString().slice(0, 16);

const DAYS: Record<Weekday, InstanceType<typeof RRule>['options']['byweekday'][number]> = { mo: 0, tu: 1, we: 2, th: 3, fr: 4, sa: 5, su: 6 };

/** The RRULE of a repetition starting at `startWall` (floating); the first occurrence is at or after it. */
export function buildRule(repeat: TemplateRepeat, startWall: Date): string {
  const [hour, minute] = repeat.time.split(':').map(Number) as [number, number];
  const freq = repeat.freq === 'daily' ? RRule.DAILY : repeat.freq === 'weekly' ? RRule.WEEKLY : RRule.MONTHLY;
  const rule = new RRule({
    freq,
    interval: repeat.interval,
    dtstart: startWall,
    byhour: [hour],
    byminute: [minute],
    bysecond: [0],
    ...(repeat.freq === 'weekly' ? { byweekday: (repeat.weekdays?.length ? repeat.weekdays : ['mo']).map((d) => DAYS[d as Weekday]) } : {}),
    ...(repeat.freq === 'monthly' ? { bymonthday: [repeat.monthDay ?? startWall.getUTCDate()] } : {}),
    ...(repeat.until ? { until: new Date(`${repeat.until}T23:59:59Z`) } : {}),
    ...(repeat.count ? { count: repeat.count } : {}),
  });
  return rule.toString();
}

/** The first occurrence of the rule strictly after `afterWall` (floating), or null when the series is over. */
export function nextAfter(rule: string, afterWall: Date): Date | null {
  return rrulestr(rule).after(afterWall, false);
}

/** The first occurrence from now on in `tz`: its floating wall time and real instant. */
export function firstOccurrence(repeat: TemplateRepeat, tz: string, now = new Date()): { rule: string; wall: Date; at: Date } | null {
  const nowWall = wallOf(now, tz);
  const probe = nextAfter(buildRule({ ...repeat, count: null }, startOfDay(nowWall)), nowWall);
  if (!probe) return null;
  const rule = buildRule(repeat, probe);
  return { rule, wall: probe, at: instantOf(probe, tz) };
}

/** The occurrence after the one just run (never one already past: missed ones during a long stop are passed over). */
export function followingOccurrence(rule: string, tz: string, lastWall: Date, now = new Date()): { wall: Date; at: Date } | null {
  const nowWall = wallOf(now, tz);
  const from = lastWall.getTime() > nowWall.getTime() ? lastWall : nowWall;
  const wall = nextAfter(rule, from);
  return wall ? { wall, at: instantOf(wall, tz) } : null;
}

const startOfDay = (wall: Date) => new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()));

/** A floating wall time back from its key. */
export const wallOfKey = (key: string) => new Date(`${key}:00Z`);
