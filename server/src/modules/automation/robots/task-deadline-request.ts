import { automationEvents } from '@vavilon/contracts';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { fillText } from '../fields/placeholders.js';
import { guarded, languageOf, nameOf, nobody } from './common.js';
import { tasksOf } from './task-ref.js';
import { resolveWho } from './who.js';

/**
 * «Запросить новый крайний срок»: asks the person (on the deal's card, and by a notification)
 * for the new deadline of the task; their answer moves it, locked or not. A new request for the
 * same task closes the one still open. The robot is done once it has asked.
 */
export const taskDeadlineRequestRobot = defineRobot({
  type: 'task.deadline.request',
  run: guarded(async ({ ctx, deal, config, run }): Promise<RobotOutcome> => {
    const userId = await resolveWho(ctx, deal, config.who);
    if (userId === null) return nobody(config.who);
    const tasks = await tasksOf(ctx, deal, config.task);
    if (!tasks.length) return { status: 'failed', message: { key: config.task.kind === 'robot' ? 'automation.robots.task.not_found' : 'automation.robots.task.none_open' } };
    const lang = await languageOf(ctx, userId);
    const requestIds: number[] = [];
    for (const task of tasks) {
      const prompt = config.prompt ? await fillText(ctx, deal, config.prompt, { lang }) : t(lang, 'automation.robots.request.prompt', { title: task.title });
      await scoped(ctx).updateTable('automation_request').set({ status: 'cancelled', answered_at: nowIso() }).where('task_id', '=', task.id).where('status', '=', 'open').execute();
      const row = await scoped(ctx)
        .insertInto('automation_request', {
          run_id: run.id,
          entity_type: 'deal',
          entity_id: deal.id,
          user_id: userId,
          kind: 'deadline',
          task_id: task.id,
          prompt: prompt.slice(0, 500),
          status: 'open',
          answer: null,
          created_at: nowIso(),
          answered_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      requestIds.push(row.id);
      await recordEvent(ctx, automationEvents.requestCreated, { entityType: 'deal', entityId: deal.id, payload: { requestId: row.id, userId, taskId: task.id, prompt } });
    }
    return { status: 'done', message: { key: 'automation.robots.request.asked', params: { name: await nameOf(ctx, userId) } }, state: { requestIds } };
  }),
});
