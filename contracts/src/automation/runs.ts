import { z } from 'zod';

/**
 * One run of one robot for one stage entry (or one setting of a field), as the item's timeline
 * and the administrator's run log («Журнал роботов») show it.
 * pending: waits for the robot before it; scheduled: waits for its delay or date; waiting: waits
 * for a condition or an employee's answer; done, failed, skipped (its condition was not met),
 * cancelled (the item left the stage, or the robot before it failed).
 */
export const RunStatus = z.enum(['pending', 'scheduled', 'waiting', 'done', 'failed', 'skipped', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatus>;

export const AutomationRun = z.object({
  id: z.number().int(),
  entityType: z.literal('deal'),
  entityId: z.number().int(),
  entityTitle: z.string(),
  pipelineId: z.number().int(),
  stageId: z.number().int(),
  stageName: z.string().nullable(),
  ruleId: z.number().int().nullable(),
  ruleType: z.string(),
  ruleName: z.string(),
  status: RunStatus,
  /** Why it failed or what it did, in the reader's language. */
  message: z.string().nullable(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type AutomationRun = z.infer<typeof AutomationRun>;

export const RunFilter = z.object({
  pipelineId: z.coerce.number().int().optional(),
  stageId: z.coerce.number().int().optional(),
  dealId: z.coerce.number().int().optional(),
  status: RunStatus.optional(),
  ruleType: z.string().max(60).optional(),
  from: z.string().max(30).optional(),
  to: z.string().max(30).optional(),
  /** Keyset paging: runs older than this id. */
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RunFilter = z.infer<typeof RunFilter>;

/**
 * A question a robot asks an employee («Укажите новый крайний срок задачи «Найти ЛПР»»): shown
 * on the deal's card to the person asked, answered there; the robot then goes on.
 */
export const AutomationRequest = z.object({
  id: z.number().int(),
  entityType: z.literal('deal'),
  entityId: z.number().int(),
  kind: z.literal('deadline'),
  prompt: z.string(),
  taskId: z.number().int().nullable(),
  taskTitle: z.string().nullable(),
  currentDeadline: z.string().nullable(),
  createdAt: z.string(),
});
export type AutomationRequest = z.infer<typeof AutomationRequest>;

export const RequestAnswer = z.object({ deadline: z.string().min(1).max(40) });
export type RequestAnswer = z.infer<typeof RequestAnswer>;

/** A result field of a call deal («Найти ЛПР» = «Недозвон»), set from the card's «Результаты». */
export const ResultInput = z.object({ field: z.string().min(1).max(100), value: z.union([z.string(), z.number()]) });
export type ResultInput = z.infer<typeof ResultInput>;

/** A page of the run log, newest first; `next` is the `before` of the following page (null at the end). */
export const RunPage = z.object({ runs: z.array(AutomationRun), next: z.number().int().nullable() });
export type RunPage = z.infer<typeof RunPage>;
