import type { TriggerDef } from './def.js';
import { fieldValueTrigger } from './field-value.js';
import { taskCompletedTrigger } from './task-completed.js';
import { pipelineItemTrigger } from './pipeline-item.js';
import { webhookTrigger } from './webhook.js';
import { activityCompletedTrigger } from './activity-completed.js';

export { defineTrigger, type TriggerDef, type Firing } from './def.js';

/**
 * Every trigger type, one file each. A module that brings a new kind of event adds its trigger
 * here (`activity.completed` came with the CRM's activities): the processor hears its events and
 * applies the same rules of moving to it.
 */
export const triggerDefs: TriggerDef[] = [fieldValueTrigger, taskCompletedTrigger, pipelineItemTrigger, webhookTrigger, activityCompletedTrigger];

export function triggerDef(type: string): TriggerDef | undefined {
  return triggerDefs.find((d) => d.type === type);
}
