import { z } from 'zod';
import { defineEvent } from './events.js';
import { IdValue } from './common.js';

/** «Рабочий день»: the state of a day, its intervals, schedules, holidays and the worktime report. */

export const WorkdayState = z.enum(['not_started', 'working', 'paused', 'finished']);
export type WorkdayState = z.infer<typeof WorkdayState>;

/** One stretch of work; the gaps between them are breaks; `end` null while it runs. */
export const WorkInterval = z.object({ start: z.string(), end: z.string().nullable() });
export type WorkInterval = z.infer<typeof WorkInterval>;

export const WorkdayFlags = z.object({ late: z.boolean(), early: z.boolean(), unclosed: z.boolean(), corrected: z.boolean() });
export type WorkdayFlags = z.infer<typeof WorkdayFlags>;

/** A day of one employee on one local date (their time zone). */
export const WorkdayDay = z.object({
  id: z.number().int().nullable(),
  userId: z.number().int(),
  date: z.string(),
  timeZone: z.string(),
  state: WorkdayState,
  intervals: z.array(WorkInterval),
  /** Worked milliseconds up to `at` (the server's now), breaks excluded. */
  workedMs: z.number().int(),
  breakMs: z.number().int(),
  at: z.string(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  report: z.string(),
  lateReason: z.string(),
  earlyReason: z.string(),
  flags: WorkdayFlags,
  /** Whether the schedule asks a reason of a late start / early end. */
  reasonRequired: z.boolean(),
  workingDay: z.boolean(),
  version: z.number().int(),
});
export type WorkdayDay = z.infer<typeof WorkdayDay>;

export const WorkdayOpen = z.object({ reason: z.string().trim().max(2000).optional() }).default({});
export type WorkdayOpen = z.infer<typeof WorkdayOpen>;
export const WorkdayClose = z.object({ report: z.string().trim().max(10000).optional(), reason: z.string().trim().max(2000).optional() }).default({});
export type WorkdayClose = z.infer<typeof WorkdayClose>;

const Hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const ScheduleKind = z.enum(['fixed', 'shift', 'free']);
export const AutoCloseRule = z.enum(['schedule_end', 'after_hours', 'none']);

export const WorkdayScheduleInput = z.object({
  kind: ScheduleKind,
  start: Hm,
  end: Hm,
  lunchStart: Hm.nullable(),
  lunchEnd: Hm.nullable(),
  /** ISO weekdays 1 (Monday) … 7 (Sunday). */
  workDays: z.array(z.number().int().min(1).max(7)).max(7),
  allowedLateMinutes: z.number().int().min(0).max(720),
  reasonRequired: z.boolean(),
  autoClose: AutoCloseRule,
  autoCloseHours: z.number().int().min(1).max(24),
  /** Office networks (CIDR, IPv4) the start needs; empty: anywhere. */
  ipRanges: z
    .array(
      z
        .string()
        .trim()
        .regex(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/, 'CIDR'),
    )
    .max(50),
});
export type WorkdayScheduleInput = z.infer<typeof WorkdayScheduleInput>;

export const ScheduleScope = z.enum(['portal', 'department', 'user']);
export type ScheduleScope = z.infer<typeof ScheduleScope>;

/** `targetName`: the department's or employee's name (null for the portal's). */
export const WorkdaySchedule = WorkdayScheduleInput.extend({
  id: z.number().int().nullable(),
  scope: ScheduleScope,
  targetId: z.number().int().nullable(),
  targetName: z.string().nullable(),
  version: z.number().int(),
});
export type WorkdaySchedule = z.infer<typeof WorkdaySchedule>;
export const WorkdayScheduleList = z.object({ items: z.array(WorkdaySchedule) });
export const WorkdaySchedulePut = WorkdayScheduleInput.extend({ scope: ScheduleScope, targetId: IdValue.nullable(), version: z.number().int().optional() });
export type WorkdaySchedulePut = z.infer<typeof WorkdaySchedulePut>;

export const Holiday = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), name: z.string().trim().max(200) });
export type Holiday = z.infer<typeof Holiday>;
export const HolidayList = z.object({ year: z.number().int(), items: z.array(Holiday), edited: z.boolean() });
export type HolidayList = z.infer<typeof HolidayList>;
export const HolidayPut = z.object({ items: z.array(Holiday).max(100) });
/** A year of the production calendar in the address (`/holidays/2027`): four digits, not an item's id. */
export const YearParam = z.object({ year: z.string().regex(/^(20\d\d|2100)$/, 'Год от 2000 до 2100') });

/** The worktime report («Учёт рабочего времени»): one month of a department's employees. */
export const WorkdayReportQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  departmentId: IdValue.optional(),
  userId: IdValue.optional(),
});
export type WorkdayReportQuery = z.infer<typeof WorkdayReportQuery>;

export const WorkdayReportCell = z.object({
  date: z.string(),
  dayId: z.number().int().nullable(),
  workedMs: z.number().int(),
  late: z.boolean(),
  early: z.boolean(),
  unclosed: z.boolean(),
  corrected: z.boolean(),
  missed: z.boolean(),
  workingDay: z.boolean(),
});
export const WorkdayReportRow = z.object({
  user: z.object({ id: z.number().int(), name: z.string(), departmentId: z.number().int().nullable() }),
  days: z.array(WorkdayReportCell),
  workedMs: z.number().int(),
  normMs: z.number().int(),
  late: z.number().int(),
  early: z.number().int(),
  missed: z.number().int(),
  unclosed: z.number().int(),
});
export const WorkdayReport = z.object({ month: z.string(), dates: z.array(z.object({ date: z.string(), workingDay: z.boolean() })), rows: z.array(WorkdayReportRow), normMs: z.number().int() });
export type WorkdayReport = z.infer<typeof WorkdayReport>;

export const WorkdayHistoryEntry = z.object({
  id: z.number().int(),
  action: z.string(),
  actor: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  reason: z.string(),
  old: z.array(WorkInterval).nullable(),
  new: z.array(WorkInterval).nullable(),
  at: z.string(),
});
export const WorkdayDayDetail = WorkdayDay.extend({
  user: z.object({ id: z.number().int(), name: z.string() }),
  history: z.array(WorkdayHistoryEntry),
  abilities: z.object({ edit: z.boolean(), requestCorrection: z.boolean() }),
});
export type WorkdayDayDetail = z.infer<typeof WorkdayDayDetail>;

const IntervalInput = z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) });
export const WorkdayCorrectionInput = z.object({
  intervals: z.array(IntervalInput).min(1).max(50),
  reason: z.string().trim().max(2000),
  version: z.number().int().optional(),
});
export type WorkdayCorrectionInput = z.infer<typeof WorkdayCorrectionInput>;

export const CorrectionStatus = z.enum(['pending', 'approved', 'declined']);
export const WorkdayCorrectionRequest = z.object({
  id: z.number().int(),
  dayId: z.number().int(),
  date: z.string(),
  user: z.object({ id: z.number().int(), name: z.string() }),
  intervals: z.array(WorkInterval),
  reason: z.string(),
  status: CorrectionStatus,
  decidedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  createdAt: z.string(),
  abilities: z.object({ decide: z.boolean() }),
});
export type WorkdayCorrectionRequest = z.infer<typeof WorkdayCorrectionRequest>;
export const WorkdayCorrectionList = z.object({ items: z.array(WorkdayCorrectionRequest) });
export const WorkdayDecision = z.object({ approve: z.boolean(), comment: z.string().trim().max(2000).optional() });
export const WorkdayDayParams = z.object({ userId: IdValue, date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

const ref = z.number().int();
/** Workday events (entity `workday`, id: the day's row): the owner's tabs hear them; history and notifications too. */
export const workdayEvents = {
  opened: defineEvent('workday.opened', z.object({ userId: ref, date: z.string(), resumed: z.boolean() })),
  paused: defineEvent('workday.paused', z.object({ userId: ref, date: z.string() })),
  closed: defineEvent('workday.closed', z.object({ userId: ref, date: z.string(), auto: z.boolean() })),
  /** `requestId`: the change came from an approved request (its decision is told instead). */
  corrected: defineEvent('workday.corrected', z.object({ userId: ref, date: z.string(), reason: z.string(), by: ref.nullable(), requestId: ref.nullable().optional() })),
  correctionRequested: defineEvent('workday.correction_requested', z.object({ userId: ref, date: z.string(), requestId: ref, heads: z.array(ref) })),
  correctionDecided: defineEvent('workday.correction_decided', z.object({ userId: ref, date: z.string(), requestId: ref, approved: z.boolean(), by: ref.nullable() })),
};
