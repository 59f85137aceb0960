import { z } from 'zod';
import { Id } from '../common.js';
import { UserRef } from '../crm.js';
import { defineEvent } from '../events.js';
import { Moment, TaskStatus } from './core.js';

/** One line of the checklist («Чек-лист»), or a group of lines (`isGroup`; its lines name it as `parentId`). */
export const ChecklistItem = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  isGroup: z.boolean(),
  title: z.string(),
  isComplete: z.boolean(),
  assignee: UserRef.nullable(),
  completedBy: UserRef.nullable(),
  sort: z.number().int(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

const itemTitle = z.string().trim().min(1).max(1000);

export const ChecklistItemInput = z.object({
  title: itemTitle,
  /** The group the line goes into; none: the first group, or no group when there is none. */
  parentId: Id.nullable().optional(),
  isGroup: z.boolean().optional(),
  assigneeId: Id.nullable().optional(),
});
export type ChecklistItemInput = z.infer<typeof ChecklistItemInput>;

export const ChecklistItemPatch = z.object({
  title: itemTitle.optional(),
  assigneeId: Id.nullable().optional(),
  isComplete: z.boolean().optional(),
  parentId: Id.nullable().optional(),
});
export type ChecklistItemPatch = z.infer<typeof ChecklistItemPatch>;

/** The new order of the lines of one group (or of the groups, or of the lines outside groups): ids, first to last. */
export const ChecklistOrder = z.object({ ids: z.array(Id).min(1).max(1000) });
export type ChecklistOrder = z.infer<typeof ChecklistOrder>;

/** «Результат»: what a participant says the task came to. */
export const TaskResult = z.object({ id: z.number().int(), html: z.string(), author: UserRef.nullable(), createdAt: z.string(), mine: z.boolean() });
export type TaskResult = z.infer<typeof TaskResult>;
export const TaskResultInput = z.object({ html: z.string().trim().min(1).max(100_000) });
export type TaskResultInput = z.infer<typeof TaskResultInput>;

/** Time spent: a stopped timer or an entry made by hand. */
export const TimeEntry = z.object({
  id: z.number().int(),
  user: UserRef.nullable(),
  startedAt: z.string(),
  seconds: z.number().int(),
  comment: z.string(),
  source: z.enum(['timer', 'manual']),
  createdAt: z.string(),
  mine: z.boolean(),
});
export type TimeEntry = z.infer<typeof TimeEntry>;

const seconds = z
  .number()
  .int()
  .min(1)
  .max(24 * 3600 * 31);
export const TimeEntryInput = z.object({ startedAt: Moment, seconds, comment: z.string().trim().max(1000).optional() });
export type TimeEntryInput = z.infer<typeof TimeEntryInput>;
export const TimeEntryPatch = TimeEntryInput.partial();
export type TimeEntryPatch = z.infer<typeof TimeEntryPatch>;

/** The user's running timer: on this task or on another one (starting here stops that one). */
export const RunningTimer = z.object({ taskId: z.number().int(), taskTitle: z.string(), startedAt: z.string() });
export type RunningTimer = z.infer<typeof RunningTimer>;

export const SubtaskRef = z.object({
  id: z.number().int(),
  title: z.string(),
  status: TaskStatus,
  deadline: z.string().nullable(),
  responsible: UserRef.nullable(),
});
export type SubtaskRef = z.infer<typeof SubtaskRef>;

/** What the viewer may do in the card's parts. */
export const TaskCardAbilities = z.object({
  /** Add, rename, move, delete lines and groups: who may edit the task. */
  editChecklist: z.boolean(),
  /** Tick lines: who may change the status (accomplices too), and a line's assignee. */
  tickChecklist: z.boolean(),
  addResult: z.boolean(),
  /** Track one's own time: any participant. */
  trackTime: z.boolean(),
  addSubtask: z.boolean(),
});
export type TaskCardAbilities = z.infer<typeof TaskCardAbilities>;

/** The parts of the task card beyond the task itself, in one request. */
export const TaskCard = z.object({
  checklist: z.array(ChecklistItem),
  results: z.array(TaskResult),
  time: z.object({ entries: z.array(TimeEntry), spentSeconds: z.number().int(), estimateSeconds: z.number().int().nullable(), timer: RunningTimer.nullable() }),
  subtasks: z.array(SubtaskRef),
  abilities: TaskCardAbilities,
});
export type TaskCard = z.infer<typeof TaskCard>;

/** A group or project the user may put a task into (the new-task form's select). */
export const TaskGroupChoice = z.object({ id: z.number().int(), name: z.string(), kind: z.string() });
export const TaskGroupChoices = z.object({ items: z.array(TaskGroupChoice) });

const ref = z.number().int();
const people = { participants: z.array(ref), responsibleId: ref.nullable(), creatorId: ref.nullable(), groupId: ref.nullable() };

/** The card's events: each change of the checklist, results and time spent, with its field changes for the history. */
export const taskCardEvents = {
  checklistChanged: defineEvent(
    'task.checklist_changed',
    z.object({ title: z.string(), action: z.enum(['added', 'renamed', 'ticked', 'unticked', 'assigned', 'moved', 'reordered', 'deleted']), itemId: ref.nullable(), itemTitle: z.string(), ...people }),
  ),
  resultAdded: defineEvent('task.result_added', z.object({ title: z.string(), resultId: ref, ...people })),
  resultDeleted: defineEvent('task.result_deleted', z.object({ title: z.string(), resultId: ref, ...people })),
  timerStarted: defineEvent('task.timer_started', z.object({ title: z.string(), userId: ref, ...people })),
  timeAdded: defineEvent('task.time_added', z.object({ title: z.string(), entryId: ref, userId: ref.nullable(), seconds: ref, source: z.enum(['timer', 'manual']), ...people })),
  timeChanged: defineEvent('task.time_changed', z.object({ title: z.string(), entryId: ref, userId: ref.nullable(), seconds: ref, ...people })),
  timeDeleted: defineEvent('task.time_deleted', z.object({ title: z.string(), entryId: ref, userId: ref.nullable(), seconds: ref, ...people })),
};
export type TaskCardEvents = typeof taskCardEvents;
