import { defineMessages } from '../../../platform/i18n/index.js';

/** The Gantt's rules: links between tasks and re-planning. */
export const taskGanttMessages = defineMessages({
  ru: {
    'tasks.gantt.self_link': 'Задачу нельзя связать с ней самой',
    'tasks.gantt.task_invalid': 'Такой задачи нет',
    'tasks.gantt.successor_locked': 'Связать можно только с задачей, которую вы можете изменять',
    'tasks.gantt.duplicate': 'Эти задачи уже связаны',
    'tasks.gantt.cycle': 'Связь замкнула бы цикл: «{predecessor}» уже зависит от «{successor}»',
    'tasks.gantt.past_deadline': 'Задача «{title}» сдвинулась бы за свой крайний срок: сначала перенесите его',
  },
  en: {
    'tasks.gantt.self_link': 'A task cannot be linked to itself',
    'tasks.gantt.task_invalid': 'There is no such task',
    'tasks.gantt.successor_locked': 'You can only link to a task you may change',
    'tasks.gantt.duplicate': 'These tasks are already linked',
    'tasks.gantt.cycle': 'The link would close a cycle: «{predecessor}» already depends on «{successor}»',
    'tasks.gantt.past_deadline': 'Task «{title}» would move past its deadline: move the deadline first',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof taskGanttMessages.ru, true> {}
}
