import { z } from 'zod';
import { Condition, FieldOwner } from './rules.js';
import { ActivityPriority, ActivityType } from '../activities/core.js';

/**
 * The robots' configurations, one schema per robot type (`RuleInput.type`). Texts may hold
 * placeholders: {{title}} (the item's title), {{company}}, {{contact}}, {{responsible}},
 * {{stage}}, {{field:CODE}} (any field of the item), {{missing}} (what a check found missing).
 */

/** Who a robot means: a named user, the item's responsible, the head of a named department, or the head of the responsible's department. */
export const Who = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: z.number().int() }),
  z.object({ kind: z.literal('responsible') }),
  z.object({ kind: z.literal('department_head'), departmentId: z.number().int() }),
  z.object({ kind: z.literal('responsible_head') }),
]);
export type Who = z.infer<typeof Who>;

/** A deadline relative to the moment the robot acts. */
export const RelativeTime = z.object({ amount: z.number().int().min(0).max(3650), unit: z.enum(['minutes', 'hours', 'days', 'workdays']) });
export type RelativeTime = z.infer<typeof RelativeTime>;

/** Which bound task a robot acts on: the task a robot of this pipeline created for the item (the newest one), or every open task bound to the item. */
export const TaskRef = z.discriminatedUnion('kind', [z.object({ kind: z.literal('robot'), ruleId: z.number().int() }), z.object({ kind: z.literal('all_open') })]);
export type TaskRef = z.infer<typeof TaskRef>;

const text = (max: number) => z.string().trim().max(max);

export const robotConfigs = {
  /** «Создать задачу». */
  'task.create': z.object({
    title: text(250).min(1),
    description: text(10_000).default(''),
    responsible: Who,
    deadline: RelativeTime.nullable().default(null),
    /** «Запретить менять крайний срок»: only robots (and the «Недозвон» answer) move it. */
    deadlineLocked: z.boolean().default(false),
    checklist: z.array(text(500).min(1)).max(50).default([]),
    observers: z.array(Who).max(20).default([]),
    /** «Постановщик»; by default the deal's responsible, or (when they get the task) their head, or an administrator. */
    creator: Who.optional(),
  }),
  /** «Завершить задачу». */
  'task.complete': z.object({ task: TaskRef }),
  /** «Перенести крайний срок задачи»: by N days (30 for «Нет»). */
  'task.deadline.shift': z.object({ task: TaskRef, days: z.number().int().min(-3650).max(3650) }),
  /** «Запросить новый крайний срок»: asks the person on the card; their answer moves the task's deadline, lock or not. */
  'task.deadline.request': z.object({ task: TaskRef, who: Who, prompt: text(500).default('') }),
  /** «Сменить стадию». */
  'stage.change': z.object({ stageId: z.number().int() }),
  /** «Сменить ответственного». */
  'responsible.change': z.object({ who: Who }),
  /** «Изменить поле»: a field of the item takes a value. */
  'field.set': z.object({ field: z.string().min(1).max(100), value: z.unknown() }),
  /**
   * «Проверить обязательные поля»: the fields of the item, its company or its (primary) contact
   * must be filled. On failure it fails (the robots after it in the chain do not run) and, as
   * chosen, notifies, comments in the item, and creates a task listing exactly what is missing.
   */
  'fields.check': z.object({
    owner: FieldOwner,
    fields: z.array(z.string().min(1).max(100)).min(1).max(50),
    onFailure: z
      .object({
        notify: z.array(Who).max(20).default([]),
        comment: text(2000).nullable().default(null),
        task: z
          .object({ title: text(250).min(1), responsible: Who, deadline: RelativeTime.nullable().default(null), deadlineLocked: z.boolean().default(false) })
          .nullable()
          .default(null),
      })
      .default({ notify: [], comment: null, task: null }),
  }),
  /** «Добавить комментарий» (in the item's timeline, from «Робот»). */
  'comment.add': z.object({ text: text(5000).min(1) }),
  /** «Уведомить сотрудников». */
  notify: z.object({ who: z.array(Who).min(1).max(20), text: text(1000).min(1) }),
  /**
   * «Создать дело»: an activity of the deal (a call, a meeting, an e-mail, a to-do or a task) for
   * «Кому», its deadline counted from the moment the robot acts, with a reminder before it.
   */
  'activity.create': z.object({
    type: ActivityType.default('call'),
    subject: text(500).min(1),
    description: text(10_000).default(''),
    responsible: Who,
    deadline: RelativeTime.nullable().default(null),
    /** Minutes before the deadline; null: no reminder. */
    remindBefore: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 30)
      .nullable()
      .default(null),
    priority: ActivityPriority.default('normal'),
  }),
  /** «Ждать условия»: the robots after it wait until the condition holds (checked on each change of the item), at most `timeoutDays`. */
  wait: z.object({ condition: Condition, timeoutDays: z.number().int().min(1).max(365).default(30) }),
  /** «Вызвать вебхук»: an outgoing HTTP request with the item's fields (outside the engine's transaction, retried). */
  'webhook.call': z.object({
    url: z.string().url().max(2000),
    method: z.enum(['POST', 'GET']).default('POST'),
    /** Extra fields sent beside the item's id and stage. */
    fields: z.array(z.string().min(1).max(100)).max(50).default([]),
  }),
} as const;

export type RobotType = keyof typeof robotConfigs;
export type RobotConfig<T extends RobotType> = z.infer<(typeof robotConfigs)[T]>;
