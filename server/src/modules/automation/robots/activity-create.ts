import { createActivity } from '../../activities/api.js';
import { timeZoneOf } from '../../users/api.js';
import { t, type MessageKey } from '../../../platform/i18n/index.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { fillText } from '../fields/placeholders.js';
import { guarded, inEachLanguage, nameOf, nobody } from './common.js';
import { deadlineFrom } from './deadline.js';
import { resolveWho } from './who.js';

/**
 * «Создать дело»: an activity of the deal for «Кому» (author: the robot), its subject with the
 * placeholders filled, its deadline counted from now in the responsible's time zone, with a reminder.
 */
export const activityCreateRobot = defineRobot({
  type: 'activity.create',
  run: guarded(async ({ ctx, deal, config }): Promise<RobotOutcome> => {
    const responsibleId = await resolveWho(ctx, deal, config.responsible);
    if (responsibleId === null) return nobody(config.responsible);
    const subject = (await fillText(ctx, deal, config.subject)).slice(0, 500) || deal.title;
    const description = config.description ? await fillText(ctx, deal, config.description) : '';
    const at = config.deadline ? deadlineFrom(config.deadline, new Date(), await timeZoneOf(ctx, responsibleId)).toISOString() : null;
    const activity = await createActivity(
      ctx,
      {
        type: config.type,
        subject,
        description,
        owner: { type: 'deal', id: deal.id },
        responsibleId,
        ...(config.type === 'call' || config.type === 'meeting' ? { startAt: at } : { deadline: at }),
        priority: config.priority,
        remindBefore: config.remindBefore,
      },
      { authorId: null },
    );
    return {
      status: 'done',
      message: {
        key: 'automation.robots.activity.created',
        params: { subject, responsible: await nameOf(ctx, responsibleId), ...inEachLanguage('type', (lang) => t(lang, `activities.type.${config.type}` as MessageKey)) },
      },
      state: { activityId: activity.id, taskId: activity.taskId },
    };
  }),
});
