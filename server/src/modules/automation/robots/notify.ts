import { automationEvents } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import type { DealSnapshot } from '../../crm/api.js';
import { people } from '../../users/api.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { fillText } from '../fields/placeholders.js';
import { resolveAll } from './who.js';

/** Records that the robot notifies these users of the deal (`automation.notified`): the robots' notification rules put it in their bells. */
export async function recordNotified(ctx: Ctx, deal: DealSnapshot, userIds: number[], text: string, ruleName: string): Promise<void> {
  if (!userIds.length) return;
  await recordEvent(ctx, automationEvents.notified, { entityType: 'deal', entityId: deal.id, payload: { userIds, text: text.slice(0, 2000), ruleName } });
}

/** «Уведомить сотрудников»: each one meant gets the text (placeholders filled) in their bell, with a link to the deal. */
export const notifyRobot = defineRobot({
  type: 'notify',
  async run({ ctx, deal, config, rule }): Promise<RobotOutcome> {
    const userIds = await resolveAll(ctx, deal, config.who);
    if (!userIds.length) return { status: 'failed', message: { key: 'automation.robots.notify.nobody' } };
    await recordNotified(ctx, deal, userIds, await fillText(ctx, deal, config.text), rule.name);
    const names = await people(ctx, userIds);
    return { status: 'done', message: { key: 'automation.robots.notify.sent', params: { names: userIds.map((u) => names.get(u)?.fullName ?? `#${u}`).join(', ') } } };
  },
});
