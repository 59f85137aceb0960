import { changeDeal } from '../../crm/api.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { nameOf, nobody, refusal } from './common.js';
import { resolveWho } from './who.js';

/** «Сменить ответственного»: through the CRM's own change of the deal (history, totals, events). */
export const responsibleChangeRobot = defineRobot({
  type: 'responsible.change',
  async run({ ctx, deal, config }): Promise<RobotOutcome> {
    const userId = await resolveWho(ctx, deal, config.who);
    if (userId === null) return nobody(config.who);
    const name = await nameOf(ctx, userId);
    if (userId === deal.responsibleId) return { status: 'done', message: { key: 'automation.robots.responsible.same', params: { name } } };
    try {
      await changeDeal(ctx, deal.id, { responsibleId: userId });
    } catch (err) {
      return { status: 'failed', message: { key: 'automation.robots.deal.rejected', params: refusal(err) } };
    }
    return { status: 'done', message: { key: 'automation.robots.responsible.changed', params: { name } } };
  },
});
