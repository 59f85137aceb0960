import { defineMessages } from '../../../platform/i18n/index.js';

/** The task card's rules: checklist, results, time spent. */
export const taskCardMessages = defineMessages({
  ru: {
    'tasks.result_required': 'Задачу нельзя завершить без результата: напишите результат в карточке задачи',
    'tasks.checklist_group_invalid': 'Такой группы пунктов в этой задаче нет',
    'tasks.checklist_order_invalid': 'Порядок должен назвать все пункты одной группы этой задачи',
    'tasks.checklist_group_nested': 'Группа пунктов не может лежать в другой группе',
    'tasks.assignee_not_participant': 'Пункт можно поручить только участнику задачи',
    'tasks.time_in_future': 'Время не может начинаться в будущем',
    'tasks.parent_task_closed': 'Подзадачу нельзя добавить к завершённой задаче',
    'tasks.result_empty': 'Напишите результат',
  },
  en: {
    'tasks.result_required': 'The task cannot be completed without a result: write the result in the task card',
    'tasks.checklist_group_invalid': 'This task has no such group of items',
    'tasks.checklist_order_invalid': 'The order must name every item of one group of this task',
    'tasks.checklist_group_nested': 'A group of items cannot sit in another group',
    'tasks.assignee_not_participant': 'An item can be assigned to a participant of the task only',
    'tasks.time_in_future': 'Time cannot start in the future',
    'tasks.parent_task_closed': 'A subtask cannot be added to a completed task',
    'tasks.result_empty': 'Write the result',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof taskCardMessages.ru, true> {}
}
