import { automationEvents, triggerConfigs } from '@vavilon/contracts';
import { defineTrigger, type Firing } from './def.js';

/** «Входящий вебхук»: its address was called with the deal's id (the route checked both and recorded the call). */
export const webhookTrigger = defineTrigger({
  type: 'webhook',
  title: 'automation.triggers.type.webhook',
  config: triggerConfigs.webhook,
  events: [automationEvents.webhookCalled],
  async fire({ events, rules }) {
    const out: Firing[] = [];
    for (const e of events) {
      const hit = rules.find((r) => r.rule.id === e.payload.ruleId);
      if (hit && e.entityType === 'deal') out.push({ event: e, rule: hit.rule, dealId: Number(e.entityId) });
    }
    return out;
  },
});
