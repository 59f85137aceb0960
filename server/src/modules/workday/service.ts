import { workdayEvents, type WorkdayClose, type WorkdayDay, type WorkdayOpen, type WorkInterval, type WorkdayScheduleInput } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import { lockForUpdate, systemCtx, transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import type { Job, JobHandler } from '../../platform/jobs/jobs.js';
import type { Platform } from '../../platform/platform.js';
import { timeZoneOf } from '../users/api.js';
import { holidaySet } from './calendar.js';
import { plannedMs, scheduleOf } from './schedules.js';
import type { WorkdayDayTable } from './schema.js';
import { ipAllowed, localDate, weekday, zonedInstant } from './time.js';

export type DayRow = Selectable<WorkdayDayTable>;
export const AUTO_CLOSE_JOB = 'workday.auto_close';
const HOUR = 3_600_000;

const state = (code: string, key: 'workday.not_started' | 'workday.already_started' | 'workday.already_working' | 'workday.not_working' | 'workday.finished') => new AppError(400, code, key);

export const parseIntervals = (s: string): WorkInterval[] => JSON.parse(s) as WorkInterval[];

/** Worked ms of intervals up to `now` (a running one counts until now). */
export function workedOf(intervals: WorkInterval[], now: Date): number {
  return intervals.reduce((sum, i) => sum + Math.max(0, (i.end ? Date.parse(i.end) : now.getTime()) - Date.parse(i.start)), 0);
}

function breakOf(intervals: WorkInterval[]): number {
  let sum = 0;
  for (let k = 1; k < intervals.length; k++) sum += Math.max(0, Date.parse(intervals[k]!.start) - Date.parse(intervals[k - 1]!.end ?? intervals[k]!.start));
  return sum;
}

const me = (ctx: Ctx): number => {
  if (!ctx.actor) throw errors.forbidden();
  return ctx.actor.userId;
};

/** The planned start and end of a day under a schedule (none for free hours). */
function planned(date: string, s: WorkdayScheduleInput, tz: string): { start: string | null; end: string | null } {
  if (s.kind === 'free') return { start: null, end: null };
  const start = zonedInstant(date, s.start, tz);
  let end = zonedInstant(date, s.end, tz);
  if (end <= start) end = new Date(end.getTime() + 24 * HOUR);
  return { start: start.toISOString(), end: end.toISOString() };
}

export function toDay(row: DayRow | null, base: { userId: number; date: string; tz: string; schedule: WorkdayScheduleInput; workingDay: boolean }, now: Date): WorkdayDay {
  const intervals = row ? parseIntervals(row.intervals) : [];
  const plan = planned(base.date, base.schedule, base.tz);
  return {
    id: row?.id ?? null,
    userId: base.userId,
    date: row?.day ?? base.date,
    timeZone: row?.time_zone ?? base.tz,
    state: row?.state ?? 'not_started',
    intervals,
    workedMs: row?.state === 'finished' ? Number(row.worked_ms) : workedOf(intervals, now),
    breakMs: breakOf(intervals),
    at: now.toISOString(),
    plannedStart: row?.planned_start ?? plan.start,
    plannedEnd: row?.planned_end ?? plan.end,
    report: row?.report ?? '',
    lateReason: row?.late_reason ?? '',
    earlyReason: row?.early_reason ?? '',
    flags: { late: !!row?.late, early: !!row?.early, unclosed: !!row?.unclosed, corrected: !!row?.corrected },
    reasonRequired: base.schedule.reasonRequired,
    workingDay: base.workingDay,
    version: row?.version ?? 0,
  };
}

/** The day the employee is in: an open one (even begun yesterday), else today's. */
async function currentRow(ctx: Ctx, userId: number, today: string, lock = false): Promise<DayRow | null> {
  const openQ = scoped(ctx).selectFrom('workday_day').selectAll().where('user_id', '=', userId).where('state', 'in', ['working', 'paused']).orderBy('day', 'desc').limit(1);
  const open = await (lock ? lockForUpdate(ctx, openQ) : openQ).executeTakeFirst();
  if (open) return open;
  const q = scoped(ctx).selectFrom('workday_day').selectAll().where('user_id', '=', userId).where('day', '=', today);
  return (await (lock ? lockForUpdate(ctx, q) : q).executeTakeFirst()) ?? null;
}

async function baseOf(ctx: Ctx, userId: number, now: Date) {
  const [tz, schedule] = await Promise.all([timeZoneOf(ctx, userId), scheduleOf(ctx, userId)]);
  const date = localDate(now, tz);
  const hol = await holidaySet(ctx, [Number(date.slice(0, 4))]);
  return { userId, tz, schedule, date, workingDay: schedule.workDays.includes(weekday(date)) && !hol.has(date) };
}

/** `timeman.status`: the actor's day now. */
export async function status(ctx: Ctx, now = new Date()): Promise<WorkdayDay> {
  const userId = me(ctx);
  const base = await baseOf(ctx, userId, now);
  const row = await currentRow(ctx, userId, base.date);
  return toDay(row, row ? { ...base, date: row.day } : base, now);
}

async function history(ctx: Ctx, dayId: number, action: string, extra: { reason?: string; old?: WorkInterval[] | null; new?: WorkInterval[] | null; at: Date }): Promise<void> {
  await scoped(ctx)
    .insertInto('workday_history', {
      day_id: dayId,
      actor_id: ctx.actor?.userId ?? null,
      action,
      reason: extra.reason ?? '',
      old_intervals: extra.old ? JSON.stringify(extra.old) : null,
      new_intervals: extra.new ? JSON.stringify(extra.new) : null,
      created_at: extra.at.toISOString(),
    })
    .execute();
}

/** When an open day is closed by the rule: the schedule's end, or N hours after the start. */
function autoCloseAt(s: WorkdayScheduleInput, start: Date, plannedEnd: string | null): Date | null {
  if (s.autoClose === 'none') return null;
  if (s.autoClose === 'schedule_end' && plannedEnd && Date.parse(plannedEnd) > start.getTime()) return new Date(plannedEnd);
  return new Date(start.getTime() + s.autoCloseHours * HOUR);
}

/** `timeman.open`: starts the day, or continues a paused one. */
export async function open(ctx: Ctx, input: WorkdayOpen = {}, opts: { now?: Date; ip?: string } = {}): Promise<WorkdayDay> {
  const now = opts.now ?? new Date();
  const userId = me(ctx);
  const base = await baseOf(ctx, userId, now);
  await transaction(ctx, async (tx) => {
    const row = await currentRow(tx, userId, base.date, true);
    if (row?.state === 'working') throw state('workday_working', 'workday.already_working');
    if (row?.state === 'finished') throw state('workday_finished', 'workday.already_started');
    const at = now.toISOString();
    if (row?.state === 'paused') {
      const intervals = [...parseIntervals(row.intervals), { start: at, end: null }];
      await scoped(tx).updateVersioned('workday_day', row.id, row.version, { state: 'working', intervals: JSON.stringify(intervals), updated_at: nowIso() });
      await history(tx, row.id, 'resumed', { at: now });
      await recordEvent(tx, workdayEvents.opened, { entityType: 'workday', entityId: row.id, payload: { userId, date: row.day, resumed: true } });
      return;
    }
    if (base.schedule.ipRanges.length && !ipAllowed(opts.ip ?? '', base.schedule.ipRanges)) throw errors.field('ip', 'workday.ip_refused', { ip: opts.ip ?? '' });
    const plan = planned(base.date, base.schedule, base.tz);
    const late = base.workingDay && base.schedule.kind === 'fixed' && !!plan.start && now.getTime() > Date.parse(plan.start) + base.schedule.allowedLateMinutes * 60_000;
    if (late && base.schedule.reasonRequired && !input.reason) throw errors.field('reason', 'workday.reason_late');
    const created = await scoped(tx)
      .insertInto('workday_day', {
        user_id: userId,
        day: base.date,
        time_zone: base.tz,
        state: 'working',
        intervals: JSON.stringify([{ start: at, end: null }]),
        worked_ms: 0,
        planned_start: plan.start,
        planned_end: plan.end,
        report: '',
        late_reason: late ? (input.reason ?? '') : '',
        early_reason: '',
        late: late ? 1 : 0,
        early: 0,
        unclosed: 0,
        corrected: 0,
        confirmed: 0,
        version: 1,
        created_at: nowIso(),
        updated_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await history(tx, created.id, 'opened', { at: now, reason: late ? (input.reason ?? '') : '' });
    await recordEvent(tx, workdayEvents.opened, { entityType: 'workday', entityId: created.id, payload: { userId, date: base.date, resumed: false } });
    const closeAt = autoCloseAt(base.schedule, now, plan.end);
    if (closeAt) await tx.sys.scheduleJob(tx, { type: AUTO_CLOSE_JOB, portalId: tx.portal.id, runAt: closeAt, payload: { dayId: created.id, at: closeAt.toISOString() } });
  });
  return status(ctx, now);
}

/** `timeman.pause`: a break; the running interval ends now. */
export async function pause(ctx: Ctx, opts: { now?: Date } = {}): Promise<WorkdayDay> {
  const now = opts.now ?? new Date();
  const userId = me(ctx);
  const base = await baseOf(ctx, userId, now);
  await transaction(ctx, async (tx) => {
    const row = await currentRow(tx, userId, base.date, true);
    if (!row) throw state('workday_not_started', 'workday.not_started');
    if (row.state !== 'working') throw state('workday_not_working', row.state === 'finished' ? 'workday.finished' : 'workday.not_working');
    const intervals = parseIntervals(row.intervals).map((i) => (i.end ? i : { ...i, end: now.toISOString() }));
    await scoped(tx).updateVersioned('workday_day', row.id, row.version, { state: 'paused', intervals: JSON.stringify(intervals), worked_ms: workedOf(intervals, now), updated_at: nowIso() });
    await history(tx, row.id, 'paused', { at: now });
    await recordEvent(tx, workdayEvents.paused, { entityType: 'workday', entityId: row.id, payload: { userId, date: row.day } });
  });
  return status(ctx, now);
}

/** `timeman.close`: finishes the day with an optional report; an early end asks a reason when the schedule does. */
export async function close(ctx: Ctx, input: WorkdayClose = {}, opts: { now?: Date } = {}): Promise<WorkdayDay> {
  const now = opts.now ?? new Date();
  const userId = me(ctx);
  const base = await baseOf(ctx, userId, now);
  await transaction(ctx, async (tx) => {
    const row = await currentRow(tx, userId, base.date, true);
    if (!row) throw state('workday_not_started', 'workday.not_started');
    if (row.state === 'finished') throw state('workday_finished', 'workday.finished');
    const early = base.schedule.kind === 'fixed' && !!row.planned_end && now.getTime() < Date.parse(row.planned_end);
    if (early && base.schedule.reasonRequired && !input.reason) throw errors.field('reason', 'workday.reason_early');
    await finish(tx, row, now, { report: input.report ?? '', early, earlyReason: early ? (input.reason ?? '') : '', auto: false });
  });
  return status(ctx, now);
}

async function finish(ctx: Ctx, row: DayRow, end: Date, o: { report: string; early: boolean; earlyReason: string; auto: boolean }): Promise<void> {
  const intervals = parseIntervals(row.intervals).map((i) => (i.end ? i : { ...i, end: end.toISOString() }));
  await scoped(ctx).updateVersioned('workday_day', row.id, row.version, {
    state: 'finished',
    intervals: JSON.stringify(intervals),
    worked_ms: workedOf(intervals, end),
    report: o.report,
    early: o.early ? 1 : 0,
    early_reason: o.earlyReason,
    unclosed: o.auto ? 1 : 0,
    updated_at: nowIso(),
  });
  await history(ctx, row.id, o.auto ? 'auto_closed' : 'closed', { at: end });
  await recordEvent(ctx, workdayEvents.closed, { entityType: 'workday', entityId: row.id, payload: { userId: row.user_id, date: row.day, auto: o.auto } });
}

/**
 * The rule's close of a day left open (`workday.auto_close`, due at the schedule's end or N hours
 * after the start): the day ends at that moment and is flagged «Не завершён». A day closed by
 * then, or reopened later, is left alone.
 */
export function autoCloseJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    const { dayId, at } = job.payload as { dayId: number; at: string };
    await transaction(systemCtx(platform, portal, { requestId: `workday-auto-close-${job.id}` }), async (ctx) => {
      const row = await lockForUpdate(ctx, scoped(ctx).selectFrom('workday_day').selectAll().where('id', '=', Number(dayId))).executeTakeFirst();
      if (!row || row.state === 'finished') return;
      const end = new Date(at);
      // A day paused before the rule's time keeps its last interval's end.
      await finish(ctx, row, end, { report: row.report, early: false, earlyReason: '', auto: true });
    });
  };
}

export { plannedMs };
