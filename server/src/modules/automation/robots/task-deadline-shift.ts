import { updateTask } from '../../tasks/api.js';
import { timeZoneOf } from '../../users/api.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { guarded } from './common.js';
import { showMoment } from './deadline.js';
import { tasksOf } from './task-ref.js';

const DAY = 86_400_000;

/**
 * «Перенести крайний срок задачи»: by N days from the task's deadline (from now when it has
 * none); a locked deadline moves too, automation may change it.
 */
export const taskDeadlineShiftRobot = defineRobot({
  type: 'task.deadline.shift',
  run: guarded(async ({ ctx, deal, config }): Promise<RobotOutcome> => {
    const tasks = await tasksOf(ctx, deal, config.task);
    if (!tasks.length)
      return { status: config.task.kind === 'robot' ? 'failed' : 'done', message: { key: config.task.kind === 'robot' ? 'automation.robots.task.not_found' : 'automation.robots.task.none_open' } };
    let last = '';
    for (const task of tasks) {
      const from = task.deadline ? new Date(task.deadline).getTime() : Date.now();
      const deadline = new Date(from + config.days * DAY).toISOString();
      await updateTask(ctx, task.id, { deadline, version: task.version }, { source: 'automation' });
      last = showMoment(deadline, await timeZoneOf(ctx, task.responsibleId));
    }
    if (tasks.length === 1) return { status: 'done', message: { key: 'automation.robots.task.shifted', params: { title: tasks[0]!.title, date: last } } };
    return { status: 'done', message: { key: 'automation.robots.task.shifted_many', params: { count: tasks.length } } };
  }),
});
