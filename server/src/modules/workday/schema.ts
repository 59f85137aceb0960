import type { Generated } from 'kysely';
import type { WorkdayState } from '@vavilon/contracts';

/** One employee's day on one local date: its work intervals (JSON), state, report and flags. */
export interface WorkdayDayTable {
  id: Generated<number>;
  portal_id: number;
  user_id: number;
  /** The local date (YYYY-MM-DD) in the employee's time zone when the day was started. */
  day: string;
  time_zone: string;
  state: WorkdayState;
  /** `[{ start, end }]`, ISO instants; the last one's end is null while working. */
  intervals: string;
  worked_ms: number;
  planned_start: string | null;
  planned_end: string | null;
  report: string;
  late_reason: string;
  early_reason: string;
  late: number;
  early: number;
  unclosed: number;
  corrected: number;
  /** A manager confirmed it (by a correction or an approval): its owner can only ask for a change. */
  confirmed: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A schedule of the portal (target null), a department or an employee. */
export interface WorkdayScheduleTable {
  id: Generated<number>;
  portal_id: number;
  scope: 'portal' | 'department' | 'user';
  target_id: number | null;
  /** The rest of the schedule as JSON (WorkdayScheduleInput). */
  body: string;
  version: number;
  updated_at: string;
}

/** The production calendar's holidays of a year as an administrator left them. */
export interface WorkdayHolidayTable {
  id: Generated<number>;
  portal_id: number;
  year: number;
  day: string;
  name: string;
}

/** What happened to a day: opened, paused, closed, auto-closed, corrected (with the old intervals and the reason). */
export interface WorkdayHistoryTable {
  id: Generated<number>;
  portal_id: number;
  day_id: number;
  actor_id: number | null;
  action: string;
  reason: string;
  old_intervals: string | null;
  new_intervals: string | null;
  created_at: string;
}

/** An employee's request to change a day's intervals, decided by their manager. */
export interface WorkdayRequestTable {
  id: Generated<number>;
  portal_id: number;
  day_id: number;
  user_id: number;
  intervals: string;
  reason: string;
  status: 'pending' | 'approved' | 'declined';
  decided_by: number | null;
  decided_at: string | null;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    workday_day: WorkdayDayTable;
    workday_schedule: WorkdayScheduleTable;
    workday_holiday: WorkdayHolidayTable;
    workday_history: WorkdayHistoryTable;
    workday_request: WorkdayRequestTable;
  }
}
