import { z } from 'zod';
import { ActivityType } from '../activities/core.js';

/**
 * The triggers' configurations, one schema per trigger type. A trigger moves the item to its
 * stage when its event happens, only forward unless `allowBackwards`, and never an item that
 * is already closed (success or failure).
 */
const common = { allowBackwards: z.boolean().default(false) };

export const triggerConfigs = {
  /** «Изменение поля»: the field takes the value. */
  'field.value': z.object({ ...common, field: z.string().min(1).max(100), value: z.unknown() }),
  /** «Задача выполнена»: a task bound to the item is completed (the one a robot of this pipeline created, or any). */
  'task.completed': z.object({ ...common, ruleId: z.number().int().nullable().default(null) }),
  /** «Дело выполнено»: an activity of the item is completed (of `activityType` only, when given). */
  'activity.completed': z.object({ ...common, activityType: ActivityType.nullable().default(null) }),
  /**
   * «Сделка в другой воронке»: the item's client (company) has, or gets, an item of another
   * pipeline, in progress or won; checked when either of them is created or changes client.
   */
  'pipeline.item': z.object({
    ...common,
    pipelineId: z.number().int(),
    stageKinds: z
      .array(z.enum(['progress', 'success', 'failure']))
      .min(1)
      .default(['progress', 'success']),
  }),
  /** «Входящий вебхук»: a call to its address with the item's id moves the item. The token is made by the portal. */
  webhook: z.object({ ...common, token: z.string().min(16).max(100).optional() }),
} as const;

export type TriggerType = keyof typeof triggerConfigs;
export type TriggerConfig<T extends TriggerType> = z.infer<(typeof triggerConfigs)[T]>;
