import { z } from 'zod';
import { Id, IdValue } from '../common.js';
import { UserRef } from '../crm.js';
import { Moment, TaskRole, TaskStatus } from './core.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'tasks.list.date_invalid' });

/** A status of the list's filter: a task status or «Просрочены» (open with the deadline passed). */
export const TaskListStatus = z.union([TaskStatus, z.literal('overdue')]);
export type TaskListStatus = z.infer<typeof TaskListStatus>;

/** The counters above the list that filter it when clicked. */
export const TaskCounterKind = z.enum(['overdue', 'comments', 'control']);
export type TaskCounterKind = z.infer<typeof TaskCounterKind>;

export const TaskListSort = z.enum(['deadline', 'created', 'activity', 'title', 'status', 'responsible']);
export type TaskListSort = z.infer<typeof TaskListSort>;

const statusList = z
  .string()
  .max(200)
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(TaskListStatus).max(6));

/**
 * The list's filter as the address and saved presets keep it. `role` is the viewer's own part in
 * the task («Делаю» responsible, «Помогаю» accomplice, «Поручил» creator, «Наблюдаю» auditor);
 * `responsibleId` a person's tasks (the profile's «Задачи» link).
 */
const filterFields = {
  role: TaskRole.optional(),
  deadlineFrom: Day.optional(),
  deadlineTo: Day.optional(),
  groupId: IdValue.optional(),
  tag: z.string().trim().min(1).max(100).optional(),
  responsibleId: IdValue.optional(),
  parentId: IdValue.optional(),
  search: z.string().trim().max(200).optional(),
  counter: TaskCounterKind.optional(),
};
export const TaskListFilter = z.object({ ...filterFields, status: z.array(TaskListStatus).max(6).optional() });
export type TaskListFilter = z.infer<typeof TaskListFilter>;

/** The list's query: the filter with the statuses comma-separated («status=pending,overdue»), the sort and the page. */
export const TaskListQuery = z.object({
  ...filterFields,
  status: statusList.optional(),
  sort: TaskListSort.default('deadline'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => [10, 20, 50, 100].includes(n), { error: 'tasks.list.page_size_invalid' })
    .default(20),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

/** A row of the list. */
export const TaskListRow = z.object({
  id: z.number().int(),
  title: z.string(),
  status: TaskStatus,
  important: z.boolean(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  responsible: UserRef.nullable(),
  creator: UserRef.nullable(),
  group: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  commentsCount: z.number().int(),
  /** Comments the viewer has not seen yet. */
  newComments: z.number().int(),
  createdAt: z.string(),
  activityAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export type TaskListRow = z.infer<typeof TaskListRow>;

export const TaskListPage = z.object({ items: z.array(TaskListRow), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TaskListPage = z.infer<typeof TaskListPage>;

export const TaskListGroups = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) });

/** «Просрочены», «Новые комментарии», «Ждут контроля» of the viewer. */
export const TaskCounters = z.object({ overdue: z.number().int(), comments: z.number().int(), control: z.number().int() });
export type TaskCounters = z.infer<typeof TaskCounters>;

export const TaskFilterPreset = z.object({ id: z.number().int(), name: z.string(), filter: TaskListFilter });
export type TaskFilterPreset = z.infer<typeof TaskFilterPreset>;
export const TaskFilterPresetInput = z.object({ name: z.string().trim().min(1).max(100), filter: TaskListFilter });
export const TaskFilterPresetPatch = TaskFilterPresetInput.partial();
export const TaskFilterPresetList = z.object({ items: z.array(TaskFilterPreset) });

/** A group action over the selected tasks; each task is checked and written on its own, the refusals come back with their reasons. */
export const TaskBulkInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('complete'), ids: z.array(Id).min(1).max(500) }),
  z.object({ action: z.literal('delete'), ids: z.array(Id).min(1).max(500) }),
  z.object({ action: z.literal('responsible'), ids: z.array(Id).min(1).max(500), responsibleId: Id }),
  z.object({ action: z.literal('deadline'), ids: z.array(Id).min(1).max(500), deadline: Moment.nullable() }),
  z.object({ action: z.literal('group'), ids: z.array(Id).min(1).max(500), groupId: Id.nullable() }),
]);
export type TaskBulkInput = z.infer<typeof TaskBulkInput>;

export const TaskBulkResult = z.object({
  done: z.array(z.number().int()),
  failed: z.array(z.object({ id: z.number().int(), code: z.string(), message: z.string() })),
});
export type TaskBulkResult = z.infer<typeof TaskBulkResult>;
