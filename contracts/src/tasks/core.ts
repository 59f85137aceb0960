import { z } from 'zod';
import { Id } from '../common.js';
import { UserRef } from '../crm.js';

/** pending «Ждёт выполнения», in_progress «Выполняется», review «Ждёт контроля», completed «Завершена», deferred «Отложена». */
export const TaskStatus = z.enum(['pending', 'in_progress', 'review', 'completed', 'deferred']);
export type TaskStatus = z.infer<typeof TaskStatus>;
/** A task is open until it is completed or deferred: open tasks count as overdue, due today... */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'in_progress', 'review'];

/** creator «Постановщик», responsible «Исполнитель», accomplice «Соисполнитель», auditor «Наблюдатель». */
export const TaskRole = z.enum(['creator', 'responsible', 'accomplice', 'auditor']);
export type TaskRole = z.infer<typeof TaskRole>;

/** A moment as the API speaks it: ISO 8601 with its offset («2026-12-02T18:00:00+03:00»). */
export const Moment = z.iso.datetime({ offset: true });

const title = z.string().trim().min(1).max(500);
const description = z.string().max(100_000);
const ids = z.array(Id).max(200);
const tags = z.array(z.string().trim().min(1).max(100)).max(50);

/** What a new task is given; everything but the title may be left out (the creator becomes the responsible). */
export const TaskInput = z.object({
  title,
  description: description.optional(),
  responsibleId: Id.optional(),
  accompliceIds: ids.optional(),
  auditorIds: ids.optional(),
  groupId: Id.nullable().optional(),
  parentId: Id.nullable().optional(),
  deadline: Moment.nullable().optional(),
  allowChangeDeadline: z.boolean().optional(),
  taskControl: z.boolean().optional(),
  requireResult: z.boolean().optional(),
  important: z.boolean().optional(),
  startPlan: Moment.nullable().optional(),
  endPlan: Moment.nullable().optional(),
  estimateSeconds: z.number().int().min(0).max(100_000_000).nullable().optional(),
  tags: tags.optional(),
  storyPoints: z.number().int().min(0).max(1000).nullable().optional(),
  epicId: Id.nullable().optional(),
  sprintId: Id.nullable().optional(),
  /** CRM items the task is bound to (a deal's task made by a robot or from the deal's card). */
  crmLinks: z
    .array(z.object({ type: z.enum(['deal', 'lead', 'contact', 'company']), id: Id }))
    .max(20)
    .optional(),
});
export type TaskInput = z.infer<typeof TaskInput>;

/** A change of a task: only the fields sent, based on the version the user saw. */
export const TaskPatch = TaskInput.partial().extend({ version: z.number().int().min(1) });
export type TaskPatch = z.infer<typeof TaskPatch>;

/** What a user may do to a task, sent with it so the page hides the rest. */
export const TaskAbilities = z.object({
  edit: z.boolean(),
  delete: z.boolean(),
  changeDeadline: z.boolean(),
  /** Start, pause, complete, defer: the responsible and accomplices (and who may edit). */
  changeStatus: z.boolean(),
  /** Accept or return the work waiting for control: the creator (and administrators). */
  approve: z.boolean(),
});
export type TaskAbilities = z.infer<typeof TaskAbilities>;

export const TaskGroupRef = z.object({ id: z.number().int(), name: z.string() });

/** A task as its card shows it. Modules that fill more of the card add their parts beside it. */
export const Task = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string(),
  status: TaskStatus,
  important: z.boolean(),
  creator: UserRef.nullable(),
  responsible: UserRef.nullable(),
  accomplices: z.array(UserRef),
  auditors: z.array(UserRef),
  group: TaskGroupRef.nullable(),
  parent: z.object({ id: z.number().int(), title: z.string() }).nullable(),
  deadline: z.string().nullable(),
  allowChangeDeadline: z.boolean(),
  taskControl: z.boolean(),
  requireResult: z.boolean(),
  startPlan: z.string().nullable(),
  endPlan: z.string().nullable(),
  startedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  estimateSeconds: z.number().int().nullable(),
  timeSpentSeconds: z.number().int(),
  storyPoints: z.number().int().nullable(),
  epicId: z.number().int().nullable(),
  sprintId: z.number().int().nullable(),
  tags: z.array(z.string()),
  commentsCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  abilities: TaskAbilities,
});
export type Task = z.infer<typeof Task>;

/** Status actions of the card: «Начать выполнение», «Приостановить», «Завершить», «Отложить», «Принять работу», «Вернуть на доработку», «Возобновить». */
export const TaskAction = z.enum(['start', 'pause', 'complete', 'defer', 'approve', 'disapprove', 'renew']);
export type TaskAction = z.infer<typeof TaskAction>;
export const TaskActionInput = z.object({ version: z.number().int().min(1).optional() });
