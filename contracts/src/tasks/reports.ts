import { z } from 'zod';
import { UserRef } from '../crm.js';
import { IdValue } from '../common.js';

/** Whose report: the viewer, an employee, a department (with the departments below it) or a work group. */
export const ReportScope = z.enum(['me', 'user', 'department', 'group']);
export type ReportScope = z.infer<typeof ReportScope>;

export const ReportQuery = z.object({
  scope: ReportScope,
  id: IdValue.optional(),
  from: z.iso.date(),
  /** The last day of the period, inclusive. */
  to: z.iso.date(),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * One person's figures over the period. `assigned`: tasks they are responsible for that were created
 * or due in the period; `completed` of those, `completedOnTime` (no deadline, or closed by it),
 * `overdue` (a violation: closed after the deadline, or open past it); `efficiency` = 100 − overdue
 * share of assigned, in percent (null with nothing assigned); `timeSpentSeconds` they tracked in the period.
 */
export const ReportFigures = z.object({
  assigned: z.number().int(),
  completed: z.number().int(),
  completedOnTime: z.number().int(),
  overdue: z.number().int(),
  efficiency: z.number().nullable(),
  timeSpentSeconds: z.number().int(),
});
export type ReportFigures = z.infer<typeof ReportFigures>;

export const ReportRow = ReportFigures.extend({ user: UserRef });
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportWeek = z.object({ weekStart: z.string(), completed: z.number().int(), overdue: z.number().int() });

export const TaskReport = z.object({
  scope: ReportScope,
  title: z.string(),
  from: z.string(),
  to: z.string(),
  rows: z.array(ReportRow),
  totals: ReportFigures,
  /** Completed and overdue per week of the period (for a single person's chart). */
  weeks: z.array(ReportWeek),
});
export type TaskReport = z.infer<typeof TaskReport>;

/** What the scope picker offers the viewer: departments they head (all for admins), groups they moderate. */
export const ReportScopes = z.object({
  departments: z.array(z.object({ id: z.number().int(), name: z.string() })),
  groups: z.array(z.object({ id: z.number().int(), name: z.string() })),
  people: z.array(UserRef),
});
export type ReportScopes = z.infer<typeof ReportScopes>;
