import { automationEvents, crmEvents, triggerConfigs } from '@vavilon/contracts';
import { defineTrigger, type Firing } from './def.js';

/** `UF_X`, `custom.UF_X` and a standard column name all name the deal's field as its history records it. */
function sameField(recorded: string, wanted: string): boolean {
  return recorded === wanted || recorded === `custom.${wanted}` || `custom.${recorded}` === wanted;
}

/**
 * Whether the value the field took is the one the trigger waits for: list options compare by
 * their id, numbers and texts by their text; a multiple field matches when it holds the value.
 * A trigger without a value fires on any change of the field.
 */
export function valueMatches(actual: unknown, wanted: unknown): boolean {
  if (wanted === undefined) return true;
  if (Array.isArray(wanted)) return wanted.some((w) => valueMatches(actual, w));
  if (Array.isArray(actual)) return actual.some((a) => valueMatches(a, wanted));
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(actual) || empty(wanted)) return empty(actual) && empty(wanted);
  if (typeof wanted === 'object' || typeof actual === 'object') return JSON.stringify(actual) === JSON.stringify(wanted);
  return String(actual) === String(wanted);
}

/**
 * «Изменение поля»: the deal's field takes the value — changed on the card or through the API
 * (`crm.deal.updated`, custom fields as `custom.CODE`), or chosen in «Результаты»
 * (`automation.result.set`, each choice, the same value again included).
 */
export const fieldValueTrigger = defineTrigger({
  type: 'field.value',
  title: 'automation.triggers.type.field_value',
  config: triggerConfigs['field.value'],
  events: [crmEvents.dealUpdated, automationEvents.resultSet],
  async fire({ events, rules }) {
    const out: Firing[] = [];
    for (const e of events) {
      if (e.entityType !== 'deal') continue;
      const values = e.type === 'automation.result.set' ? [{ field: e.payload.field, value: e.payload.value as unknown }] : e.changes.map((c) => ({ field: c.field, value: c.new }));
      for (const { rule, config } of rules) {
        if (e.payload.pipelineId != null && e.payload.pipelineId !== rule.pipelineId) continue;
        if (values.some((v) => sameField(v.field, config.field) && valueMatches(v.value, config.value))) out.push({ event: e, rule, dealId: Number(e.entityId) });
      }
    }
    return out;
  },
});
