import { activityEvents, triggerConfigs } from '@vavilon/contracts';
import { defineTrigger, type Firing } from './def.js';

/** «Дело выполнено»: an activity of the deal is completed (of the trigger's type, when it names one). */
export const activityCompletedTrigger = defineTrigger({
  type: 'activity.completed',
  title: 'automation.triggers.type.activity_completed',
  config: triggerConfigs['activity.completed'],
  events: [activityEvents.completed],
  async fire({ events, rules }) {
    const out: Firing[] = [];
    for (const e of events) {
      if (e.payload.owner.type !== 'deal') continue;
      for (const { rule, config } of rules) if (config.activityType === null || config.activityType === e.payload.type) out.push({ event: e, rule, dealId: e.payload.owner.id });
    }
    return out;
  },
});
