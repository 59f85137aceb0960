import { z } from 'zod';
import { Id, IdValue } from '../common.js';
import { UserRef } from '../crm.js';
import { Moment, TaskStatus } from './core.js';

/**
 * A dependency of the Gantt: finish_start «Окончание — начало» (the successor starts after the
 * predecessor ends, the default), start_start, finish_finish, start_finish.
 */
export const DependencyKind = z.enum(['finish_start', 'start_start', 'finish_finish', 'start_finish']);
export type DependencyKind = z.infer<typeof DependencyKind>;

export const GanttLink = z.object({ id: z.number().int(), predecessorId: z.number().int(), successorId: z.number().int(), kind: DependencyKind });
export type GanttLink = z.infer<typeof GanttLink>;

export const GanttLinkInput = z.object({ predecessorId: Id, successorId: Id, kind: DependencyKind.optional() });
export type GanttLinkInput = z.infer<typeof GanttLinkInput>;
export const GanttLinkPatch = z.object({ kind: DependencyKind });

/** A bar of the Gantt: planned dates, or the task's creation and deadline when it has none (`planned` false). */
export const GanttTask = z.object({
  id: z.number().int(),
  title: z.string(),
  status: TaskStatus,
  start: Moment,
  end: Moment,
  planned: z.boolean(),
  /** 0–100: the share of ticked checklist items, 100 once completed. */
  progress: z.number(),
  responsible: UserRef.nullable(),
  parentId: z.number().int().nullable(),
  groupId: z.number().int().nullable(),
  deadline: Moment.nullable(),
  version: z.number().int(),
  /** Whether the viewer may move it and link other tasks to it. */
  editable: z.boolean(),
});
export type GanttTask = z.infer<typeof GanttTask>;

/** The longest chain through the dependencies by duration: the tasks and links the page highlights. */
export const CriticalPath = z.object({ taskIds: z.array(z.number().int()), linkIds: z.array(z.number().int()) });
export type CriticalPath = z.infer<typeof CriticalPath>;

/** Whose tasks: «my» (those the viewer takes part in) or one group's or project's. */
export const GanttQuery = z.object({ groupId: IdValue.optional() });
export type GanttQuery = z.infer<typeof GanttQuery>;

export const GanttScope = z.object({ id: z.number().int(), name: z.string(), kind: z.enum(['group', 'project', 'scrum']) });
export type GanttScope = z.infer<typeof GanttScope>;

export const GanttData = z.object({ tasks: z.array(GanttTask), links: z.array(GanttLink), critical: CriticalPath, scopes: z.array(GanttScope) });
export type GanttData = z.infer<typeof GanttData>;

/** Moving or resizing a bar: the new planned dates, on the version the page showed. */
export const GanttMove = z.object({ startPlan: Moment, endPlan: Moment, version: z.number().int().min(1) });
export type GanttMove = z.infer<typeof GanttMove>;

/** Every task the change moved (the task itself and its dependents, as far as the viewer may see them). */
export const GanttMoved = z.object({ moved: z.array(GanttTask) });
export type GanttMoved = z.infer<typeof GanttMoved>;

export const GanttLinkSaved = z.object({ link: GanttLink, moved: z.array(GanttTask) });
export type GanttLinkSaved = z.infer<typeof GanttLinkSaved>;

/** A task's dependencies as its card shows them. */
export const TaskLinkRef = z.object({ id: z.number().int(), kind: DependencyKind, task: z.object({ id: z.number().int(), title: z.string() }) });
export const TaskLinks = z.object({ predecessors: z.array(TaskLinkRef), successors: z.array(TaskLinkRef) });
export type TaskLinks = z.infer<typeof TaskLinks>;
