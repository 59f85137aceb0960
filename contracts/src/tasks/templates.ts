import { z } from 'zod';
import { Id } from '../common.js';
import { UserRef } from '../crm.js';
import { defineEvent } from '../events.js';
import { TaskGroupRef } from './core.js';

const title = z.string().trim().min(1).max(500);
const ids = z.array(Id).max(200);

/** A deadline counted from the moment the task is created: «через 3 дня», «через 4 часа». */
export const DeadlineAfter = z.object({ amount: z.number().int().min(1).max(1000), unit: z.enum(['minutes', 'hours', 'days', 'weeks']) });
export type DeadlineAfter = z.infer<typeof DeadlineAfter>;

/** A checklist of the template: a group («Подготовка») with its items; a group without a title puts its items at the top level. */
export const TemplateChecklistGroup = z.object({
  title: z.string().trim().max(500),
  items: z.array(z.object({ title: z.string().trim().min(1).max(500) })).max(200),
});
export type TemplateChecklistGroup = z.infer<typeof TemplateChecklistGroup>;

export const TemplateSubtask = z.object({ title, responsibleId: Id.nullable().optional() });
export type TemplateSubtask = z.infer<typeof TemplateSubtask>;

export const Weekday = z.enum(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']);
export type Weekday = z.infer<typeof Weekday>;

/**
 * How a template repeats, in its author's time zone: every `interval` days, weeks (on `weekdays`)
 * or months (on `monthDay`), at `time`, until a date (inclusive) or `count` times.
 */
export const TemplateRepeat = z.object({
  freq: z.enum(['daily', 'weekly', 'monthly']),
  interval: z.number().int().min(1).max(365),
  weekdays: z.array(Weekday).max(7).optional(),
  monthDay: z.number().int().min(1).max(31).optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  until: z.iso.date().nullable().optional(),
  count: z.number().int().min(1).max(10_000).nullable().optional(),
});
export type TemplateRepeat = z.infer<typeof TemplateRepeat>;

/** What a template is given: the task it makes, and (optionally) how it repeats. */
export const TaskTemplateInput = z.object({
  title,
  description: z.string().max(100_000).optional(),
  responsibleId: Id.nullable().optional(),
  accompliceIds: ids.optional(),
  auditorIds: ids.optional(),
  groupId: Id.nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  important: z.boolean().optional(),
  taskControl: z.boolean().optional(),
  allowChangeDeadline: z.boolean().optional(),
  deadlineAfter: DeadlineAfter.nullable().optional(),
  checklist: z.array(TemplateChecklistGroup).max(50).optional(),
  subtasks: z.array(TemplateSubtask).max(50).optional(),
  /** Whether the repetition runs; the rule is kept while it is off. */
  repeating: z.boolean().optional(),
  repeat: TemplateRepeat.nullable().optional(),
});
export type TaskTemplateInput = z.infer<typeof TaskTemplateInput>;

export const TaskTemplatePatch = TaskTemplateInput.partial().extend({ version: z.number().int().min(1) });
export type TaskTemplatePatch = z.infer<typeof TaskTemplatePatch>;

/** A template as its form and list show it. */
export const TaskTemplate = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string(),
  responsible: UserRef.nullable(),
  accomplices: z.array(UserRef),
  auditors: z.array(UserRef),
  group: TaskGroupRef.nullable(),
  tags: z.array(z.string()),
  important: z.boolean(),
  taskControl: z.boolean(),
  allowChangeDeadline: z.boolean(),
  deadlineAfter: DeadlineAfter.nullable(),
  checklist: z.array(TemplateChecklistGroup),
  subtasks: z.array(z.object({ title: z.string(), responsible: UserRef.nullable() })),
  repeating: z.boolean(),
  repeat: TemplateRepeat.nullable(),
  /** The stored recurrence rule (RFC 5545), in the author's wall time. */
  rrule: z.string().nullable(),
  timeZone: z.string(),
  /** When the next task is created; null when the repetition is off or over. */
  nextRunAt: z.string().nullable(),
  runs: z.number().int(),
  author: UserRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type TaskTemplate = z.infer<typeof TaskTemplate>;

export const TaskTemplateList = z.object({ items: z.array(TaskTemplate) });
export type TaskTemplateList = z.infer<typeof TaskTemplateList>;

/** The task a template made: «Создать задачу из шаблона» answers with it. */
export const TemplateTaskCreated = z.object({ taskId: z.number().int(), title: z.string() });
export type TemplateTaskCreated = z.infer<typeof TemplateTaskCreated>;

const ref = z.number().int();
/** The template events (`task_template.*`). */
export const taskTemplateEvents = {
  created: defineEvent('task_template.created', z.object({ title: z.string(), authorId: ref.nullable(), repeating: z.boolean() })),
  updated: defineEvent('task_template.updated', z.object({ title: z.string(), authorId: ref.nullable(), repeating: z.boolean(), nextRunAt: z.string().nullable() })),
  deleted: defineEvent('task_template.deleted', z.object({ title: z.string(), authorId: ref.nullable() })),
  /** A task made from the template, by hand (`occurrence` null) or by its repetition. */
  taskCreated: defineEvent('task_template.task_created', z.object({ title: z.string(), authorId: ref.nullable(), taskId: ref, occurrence: z.string().nullable() })),
};
