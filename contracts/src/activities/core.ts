import { z } from 'zod';
import { Id, IdValue } from '../common.js';
import { EntityType, UserRef } from '../crm.js';
import { Moment } from '../tasks/core.js';

/**
 * The kinds of a CRM activity («дело»): call «Звонок» (incoming or outgoing), meeting «Встреча»,
 * e-mail «Письмо» (logged), to-do «Дело» and task «Задача» (the activity stands for a task of the
 * tasks module, `taskId`; it is done when the task is completed).
 */
export const ActivityType = z.enum(['call', 'meeting', 'email', 'todo', 'task']);
export type ActivityType = z.infer<typeof ActivityType>;
export const ActivityDirection = z.enum(['incoming', 'outgoing']);
export type ActivityDirection = z.infer<typeof ActivityDirection>;
export const ActivityPriority = z.enum(['low', 'normal', 'high']);
export type ActivityPriority = z.infer<typeof ActivityPriority>;

/** The CRM item an activity is bound to. */
export const ActivityOwner = z.object({ type: EntityType, id: Id });
export type ActivityOwner = z.infer<typeof ActivityOwner>;

const subject = z.string().trim().min(1).max(500);

/**
 * A new activity. A call or a meeting has a start (and an end, by default start + 30 min for a
 * call, + 1 h for a meeting); its deadline is its start. A to-do and an e-mail have a deadline
 * (or none). `remindBefore` minutes before the deadline the responsible gets a notification.
 */
export const ActivityInput = z.object({
  type: ActivityType,
  direction: ActivityDirection.optional(),
  subject,
  description: z.string().max(20_000).optional(),
  owner: ActivityOwner,
  responsibleId: Id.optional(),
  startAt: Moment.nullable().optional(),
  endAt: Moment.nullable().optional(),
  deadline: Moment.nullable().optional(),
  priority: ActivityPriority.optional(),
  /** Minutes before the deadline (or start) to remind the responsible; null: no reminder. */
  remindBefore: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .nullable()
    .optional(),
  /** A logged e-mail or a call that already happened is created done. */
  completed: z.boolean().optional(),
  result: z.string().max(20_000).optional(),
  /** type `task`: the task it stands for (created by the caller through the tasks API when absent). */
  taskId: Id.optional(),
});
export type ActivityInput = z.infer<typeof ActivityInput>;

/** A change of an activity, based on the version the user saw (the owner and the type stay). */
export const ActivityPatch = ActivityInput.omit({ type: true, owner: true, taskId: true })
  .partial()
  .extend({ version: z.number().int().min(1) });
export type ActivityPatch = z.infer<typeof ActivityPatch>;

/** «Выполнено» / back to planned, with the result. */
export const ActivityComplete = z.object({ completed: z.boolean(), result: z.string().max(20_000).optional(), version: z.number().int().min(1).optional() });
export type ActivityComplete = z.infer<typeof ActivityComplete>;

export const Activity = z.object({
  id: Id,
  type: ActivityType,
  direction: ActivityDirection.nullable(),
  subject: z.string(),
  description: z.string(),
  owner: ActivityOwner.extend({ title: z.string(), url: z.string() }),
  responsible: UserRef.nullable(),
  author: UserRef.nullable(),
  startAt: z.string().nullable(),
  endAt: z.string().nullable(),
  deadline: z.string().nullable(),
  priority: ActivityPriority,
  remindBefore: z.number().nullable(),
  completed: z.boolean(),
  completedAt: z.string().nullable(),
  result: z.string(),
  taskId: z.number().nullable(),
  /** Planned and its deadline has passed. */
  overdue: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type Activity = z.infer<typeof Activity>;

/**
 * «Мои дела»: `view` planned (not done), done, today (planned, deadline today), overdue, week
 * (planned, deadline this week), all. By default the actor's own (responsible); `responsibleId`
 * another's (what the actor may read), `owner` one item's.
 */
export const ActivityView = z.enum(['planned', 'today', 'overdue', 'week', 'done', 'all']);
export type ActivityView = z.infer<typeof ActivityView>;
export const ActivityListQuery = z.object({
  view: ActivityView.default('planned'),
  type: ActivityType.optional(),
  ownerType: EntityType.optional(),
  ownerId: IdValue.optional(),
  /** `any`: everyone's the actor may read; a number: that user's; absent: the actor's own. */
  responsible: z.union([z.literal('any'), IdValue]).optional(),
  q: z.string().max(200).optional(),
  /** A window of deadlines (the deals' «Календарь»). */
  from: Moment.optional(),
  to: Moment.optional(),
  /** Keyset paging: the `next` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;
export const ActivityList = z.object({ items: z.array(Activity), next: z.string().nullable(), total: z.number() });
export type ActivityList = z.infer<typeof ActivityList>;

/** The counters of the menu and of «Мои дела»: the actor's planned activities overdue and due today. */
export const ActivityCounters = z.object({ overdue: z.number(), today: z.number(), planned: z.number() });
export type ActivityCounters = z.infer<typeof ActivityCounters>;

/** Per CRM item: its planned activities and how many of them are overdue (Kanban cards, the «Дела» column). */
export const ItemActivityCounts = z.object({ planned: z.number(), overdue: z.number(), nearest: z.string().nullable() });
export type ItemActivityCounts = z.infer<typeof ItemActivityCounts>;
