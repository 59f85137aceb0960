import { applyAction } from '../../tasks/api.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { guarded } from './common.js';
import { isOpenTask, tasksOf } from './task-ref.js';

/** «Завершить задачу»: the robot's task (or every open task of the deal) is completed, control or not. */
export const taskCompleteRobot = defineRobot({
  type: 'task.complete',
  run: guarded(async ({ ctx, deal, config }): Promise<RobotOutcome> => {
    const tasks = await tasksOf(ctx, deal, config.task);
    if (!tasks.length)
      return { status: config.task.kind === 'robot' ? 'failed' : 'done', message: { key: config.task.kind === 'robot' ? 'automation.robots.task.not_found' : 'automation.robots.task.none_open' } };
    const open = tasks.filter(isOpenTask);
    if (!open.length) return { status: 'done', message: { key: 'automation.robots.task.already_closed', params: { title: tasks[0]!.title } } };
    for (const task of open) await applyAction(ctx, task.id, 'complete', { source: 'automation' });
    if (open.length === 1) return { status: 'done', message: { key: 'automation.robots.task.completed', params: { title: open[0]!.title } } };
    return { status: 'done', message: { key: 'automation.robots.task.completed_many', params: { count: open.length } } };
  }),
});
