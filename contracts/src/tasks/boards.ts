import { z } from 'zod';
import { Id } from '../common.js';
import { defineEvent } from '../events.js';
import { Moment, Task, TaskRole } from './core.js';

/** An IANA time zone as the browser names it («Europe/Moscow»): days and weeks of «Сроки» are the user's. */
export const TimeZone = z.string().trim().min(1).max(64);

/**
 * «Сроки»: «Просрочены», «На сегодня», «На этой неделе», «На следующей неделе», «Без срока»,
 * «Больше двух недель» (after the end of next week). Weeks start on Monday.
 */
export const DeadlineColumnId = z.enum(['overdue', 'today', 'week', 'next_week', 'none', 'later']);
export type DeadlineColumnId = z.infer<typeof DeadlineColumnId>;
export const DEADLINE_COLUMNS: readonly DeadlineColumnId[] = DeadlineColumnId.options;
/** Whose open tasks «Сроки» shows: those the user does (responsible) or helps with (accomplice), as Bitrix24 does. */
export const DEADLINE_ROLES: readonly TaskRole[] = ['responsible', 'accomplice'];

export const DeadlinesQuery = z.object({ tz: TimeZone });
export const DeadlineColumnQuery = z.object({ tz: TimeZone, offset: z.coerce.number().int().min(0).max(100_000).default(0) });

/** A column of a board: its cards in the whole column, the first page of them and whether more follow. */
const column = <I extends z.ZodTypeAny>(id: I) => z.object({ id, count: z.number().int(), cards: z.array(Task), hasMore: z.boolean() });
export const DeadlineColumn = column(DeadlineColumnId);
export type DeadlineColumn = z.infer<typeof DeadlineColumn>;
export const DeadlinesBoard = z.object({ columns: z.array(DeadlineColumn), roles: z.array(TaskRole) });
export type DeadlinesBoard = z.infer<typeof DeadlinesBoard>;
export const BoardPage = z.object({ cards: z.array(Task), hasMore: z.boolean() });
export type BoardPage = z.infer<typeof BoardPage>;

/** A card dropped on a column: the server gives it a deadline that fits the column in the user's zone. */
export const DeadlineMove = z.object({ column: DeadlineColumnId, tz: TimeZone, version: z.number().int().min(1) });
export type DeadlineMove = z.infer<typeof DeadlineMove>;

// --- «Мой план» ------------------------------------------------------------------------------

export const PlanColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);
export const PlanStageInput = z.object({ title: z.string().trim().min(1).max(100), color: PlanColor.optional() });
export type PlanStageInput = z.infer<typeof PlanStageInput>;
export const PlanStagePatch = PlanStageInput.partial();
export type PlanStagePatch = z.infer<typeof PlanStagePatch>;
/** The user's stages in their new order (every one of them, once). */
export const PlanStageOrder = z.object({ ids: z.array(Id).min(1).max(100) });
export const PlanStage = z.object({ id: z.number().int(), title: z.string(), color: z.string(), sort: z.number().int() });
export type PlanStage = z.infer<typeof PlanStage>;
export const PlanColumn = PlanStage.extend({ count: z.number().int(), cards: z.array(Task), hasMore: z.boolean() });
export type PlanColumn = z.infer<typeof PlanColumn>;
export const PlanBoard = z.object({ stages: z.array(PlanColumn) });
export type PlanBoard = z.infer<typeof PlanBoard>;
export const PlanStageQuery = z.object({ offset: z.coerce.number().int().min(0).max(100_000).default(0) });
/** A task put on a stage, under the card `afterId` (at the top with null). */
export const PlanMove = z.object({ stageId: Id, afterId: Id.nullable() });
export type PlanMove = z.infer<typeof PlanMove>;

// --- «Календарь» -----------------------------------------------------------------------------

/** The window shown: tasks whose deadline falls in [from, to) or whose planned dates overlap it. */
export const TaskCalendarQuery = z.object({ from: Moment, to: Moment, role: TaskRole.optional() });
export type TaskCalendarQuery = z.infer<typeof TaskCalendarQuery>;
export const TaskCalendar = z.object({ items: z.array(Task), truncated: z.boolean() });
export type TaskCalendar = z.infer<typeof TaskCalendar>;
export const CALENDAR_LIMIT = 500;

/** A user's plan changed (stages or placement): heard by that user's other pages. */
export const taskPlanEvents = {
  changed: defineEvent('task.plan_changed', z.object({ userId: z.number().int(), what: z.enum(['stage_created', 'stage_changed', 'stage_deleted', 'stages_ordered', 'moved']) })),
};
