import { z } from 'zod';
import { Id } from '../common.js';
import { UserRef } from '../crm.js';
import { defineEvent } from '../events.js';
import { TaskStatus } from './core.js';

/** A calendar day as the sprint's dates are kept: «2026-12-07». */
export const ScrumDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const version = z.number().int().min(1);
// Story points are checked by the service (a negative number is a 400 with its own message), so any integer passes here.
const points = z.number().int().max(1000).nullable();

/** planned «Запланирован» → active «Активный» → completed «Завершён»; one active sprint per Scrum project. */
export const SprintStatus = z.enum(['planned', 'active', 'completed']);
export type SprintStatus = z.infer<typeof SprintStatus>;

/** The columns of the sprint's Kanban: a card dropped on one changes the task's status. */
export const SCRUM_COLUMNS = ['pending', 'in_progress', 'review', 'completed'] as const;
export const ScrumColumn = z.enum(SCRUM_COLUMNS);
export type ScrumColumn = z.infer<typeof ScrumColumn>;

export const Epic = z.object({ id: z.number().int(), title: z.string(), description: z.string(), color: z.string(), version: z.number().int() });
export type Epic = z.infer<typeof Epic>;
export const EpicInput = z.object({ title: z.string().trim().min(1).max(255), description: z.string().max(10_000).optional(), color: color.optional() });
export type EpicInput = z.infer<typeof EpicInput>;
export const EpicPatch = EpicInput.partial().extend({ version });
export type EpicPatch = z.infer<typeof EpicPatch>;

/** A task as the backlog, a sprint and the sprint's Kanban show it. */
export const ScrumItem = z.object({
  id: z.number().int(),
  title: z.string(),
  status: TaskStatus,
  storyPoints: z.number().int().nullable(),
  epicId: z.number().int().nullable(),
  sprintId: z.number().int().nullable(),
  responsible: UserRef.nullable(),
  deadline: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  /** Whether the viewer may move it on the Kanban (the task's own status rules). */
  changeStatus: z.boolean(),
});
export type ScrumItem = z.infer<typeof ScrumItem>;

export const Sprint = z.object({
  id: z.number().int(),
  title: z.string(),
  goal: z.string(),
  status: SprintStatus,
  dateStart: z.string().nullable(),
  dateEnd: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Story points when it started and those done when it completed (team velocity). */
  plannedPoints: z.number().int().nullable(),
  completedPoints: z.number().int().nullable(),
  /** Story points of its items now, and of those completed. */
  points: z.number().int(),
  donePoints: z.number().int(),
  version: z.number().int(),
  items: z.array(ScrumItem),
});
export type Sprint = z.infer<typeof Sprint>;

export const SprintInput = z.object({
  title: z.string().trim().min(1).max(255),
  goal: z.string().max(10_000).optional(),
  dateStart: ScrumDay.nullable().optional(),
  dateEnd: ScrumDay.nullable().optional(),
});
export type SprintInput = z.infer<typeof SprintInput>;
export const SprintPatch = SprintInput.partial().extend({ version });
export type SprintPatch = z.infer<typeof SprintPatch>;
export const SprintStart = z.object({ version });
/** «Завершить спринт»: the unfinished items go to the backlog (null) or to a planned sprint of the project. */
export const SprintComplete = z.object({ version, carryOverSprintId: Id.nullable() });
export type SprintComplete = z.infer<typeof SprintComplete>;

export const ScrumProjectSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  activeSprint: z.object({ id: z.number().int(), title: z.string(), dateEnd: z.string().nullable() }).nullable(),
  backlogCount: z.number().int(),
});
export type ScrumProjectSummary = z.infer<typeof ScrumProjectSummary>;

/** A Scrum project's planning: epics, the backlog in order, the active and planned sprints with their items. */
export const ScrumBoard = z.object({
  project: z.object({ id: z.number().int(), name: z.string() }),
  epics: z.array(Epic),
  backlog: z.array(ScrumItem),
  sprints: z.array(Sprint),
});
export type ScrumBoard = z.infer<typeof ScrumBoard>;

/** A new backlog item (a task of the project). */
export const ScrumItemInput = z.object({ title: z.string().trim().min(1).max(500), storyPoints: points.optional(), epicId: Id.nullable().optional(), sprintId: Id.nullable().optional() });
export type ScrumItemInput = z.infer<typeof ScrumItemInput>;
/** Story points and epic, edited inline. */
export const ScrumItemPatch = z.object({ storyPoints: points.optional(), epicId: Id.nullable().optional(), version });
export type ScrumItemPatch = z.infer<typeof ScrumItemPatch>;
/** A drag in «Планирование»: into a sprint (or the backlog, null), right under `afterId` (at the top without one). */
export const ScrumPlace = z.object({ sprintId: Id.nullable(), afterId: Id.nullable(), version });
export type ScrumPlace = z.infer<typeof ScrumPlace>;
/** A drag on the sprint's Kanban. */
export const ScrumMove = z.object({ status: ScrumColumn, version });
export type ScrumMove = z.infer<typeof ScrumMove>;

export const BurndownDay = z.object({ date: z.string(), ideal: z.number(), remaining: z.number().nullable() });
export const ScrumReports = z.object({
  /** The sprint the burndown is drawn for (the active one, else the last completed). */
  sprint: z.object({ id: z.number().int(), title: z.string(), status: SprintStatus, plannedPoints: z.number().int() }).nullable(),
  burndown: z.array(BurndownDay),
  velocity: z.array(z.object({ sprintId: z.number().int(), title: z.string(), planned: z.number().int(), completed: z.number().int() })),
});
export type ScrumReports = z.infer<typeof ScrumReports>;

const ref = z.number().int();
const project = { groupId: ref };

/** What the Scrum board records: epics, sprints and items placed in them. */
export const scrumEvents = {
  epicCreated: defineEvent('task.epic_created', z.object({ title: z.string(), ...project })),
  epicUpdated: defineEvent('task.epic_updated', z.object({ title: z.string(), ...project })),
  epicDeleted: defineEvent('task.epic_deleted', z.object({ title: z.string(), ...project })),
  sprintCreated: defineEvent('task.sprint_created', z.object({ title: z.string(), ...project })),
  sprintUpdated: defineEvent('task.sprint_updated', z.object({ title: z.string(), ...project })),
  sprintDeleted: defineEvent('task.sprint_deleted', z.object({ title: z.string(), ...project })),
  sprintStarted: defineEvent('task.sprint_started', z.object({ title: z.string(), plannedPoints: ref, ...project })),
  sprintCompleted: defineEvent('task.sprint_completed', z.object({ title: z.string(), completedPoints: ref, carriedOver: z.array(ref), carryOverSprintId: ref.nullable(), ...project })),
  itemPlaced: defineEvent('task.scrum_placed', z.object({ title: z.string(), sprintId: ref.nullable(), ...project })),
};
export type ScrumEvents = typeof scrumEvents;
