import { tasksEvents, triggerConfigs } from '@vavilon/contracts';
import { scoped } from '../../../platform/db/scoped.js';
import { crmItemsOfTasks } from '../../tasks/api.js';
import { parseJson } from '../../crm/api.js';
import { defineTrigger, type Firing } from './def.js';

/**
 * «Задача выполнена»: a task bound to the deal is completed. With `ruleId`, only the task that
 * robot created for this deal counts: its runs keep the task they created (`state.taskId`).
 */
export const taskCompletedTrigger = defineTrigger({
  type: 'task.completed',
  title: 'automation.triggers.type.task_completed',
  config: triggerConfigs['task.completed'],
  events: [tasksEvents.completed],
  async fire({ ctx, events, rules }) {
    const links = await crmItemsOfTasks(
      ctx,
      events.map((e) => Number(e.entityId)),
      'deal',
    );
    const dealIds = [...new Set([...links.values()].flat())];
    if (!dealIds.length) return [];
    // The tasks each named robot created for these deals: `${ruleId}:${dealId}:${taskId}`.
    const robotIds = [...new Set(rules.map((r) => r.config.ruleId).filter((id): id is number => id !== null))];
    const created = new Set<string>();
    if (robotIds.length) {
      const runs = await scoped(ctx)
        .selectFrom('automation_run')
        .select(['rule_id', 'entity_id', 'state'])
        .where('entity_type', '=', 'deal')
        .where('entity_id', 'in', dealIds)
        .where('rule_id', 'in', robotIds)
        .where('state', 'is not', null)
        .execute();
      for (const r of runs) {
        const taskId = parseJson<{ taskId?: unknown }>(r.state, {}).taskId;
        if (typeof taskId === 'number') created.add(`${r.rule_id}:${r.entity_id}:${taskId}`);
      }
    }
    const out: Firing[] = [];
    for (const e of events) {
      const taskId = Number(e.entityId);
      for (const dealId of links.get(taskId) ?? []) {
        for (const { rule, config } of rules) {
          if (config.ruleId === null || created.has(`${config.ruleId}:${dealId}:${taskId}`)) out.push({ event: e, rule, dealId });
        }
      }
    }
    return out;
  },
});
