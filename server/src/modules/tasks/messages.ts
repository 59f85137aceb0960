import { defineMessages } from '../../platform/i18n/index.js';
import { taskListMessages } from './lists/messages.js';
import { taskCardMessages } from './card/messages.js';
import { taskSignalMessages } from './signals/messages.js';
import { taskGanttMessages } from './gantt/messages.js';
import { taskBoardsMessages } from './boards/messages.js';
import { scrumMessages } from './scrum/messages.js';
import { taskTemplateMessages } from './templates/messages.js';
import { taskReportMessages } from './reports/messages.js';

/** The task's own rules: participants, dates, the locked deadline, status actions. Each part of the module adds its file beside this one. */
export const taskCoreMessages = defineMessages({
  ru: {
    'tasks.user_invalid': 'Такого сотрудника нет на портале',
    'tasks.end_before_start': 'Дата завершения раньше даты начала',
    'tasks.deadline_before_start': 'Крайний срок раньше даты начала',
    'tasks.group_invalid': 'Такой группы нет',
    'tasks.group_not_member': 'Вы не участник этой группы',
    'tasks.parent_invalid': 'Такой задачи нет',
    'tasks.parent_loop': 'Задача не может быть подзадачей самой себя или своей подзадачи',
    'tasks.deadline_locked': 'Крайний срок этой задачи может менять только постановщик: ответственному это запрещено',
    'tasks.action_invalid': 'Задача уже в другом статусе. Обновите страницу',
  },
  en: {
    'tasks.user_invalid': 'There is no such employee on the portal',
    'tasks.end_before_start': 'The end date is before the start date',
    'tasks.deadline_before_start': 'The deadline is before the start date',
    'tasks.group_invalid': 'There is no such group',
    'tasks.group_not_member': 'You are not a member of this group',
    'tasks.parent_invalid': 'There is no such task',
    'tasks.parent_loop': 'A task cannot be a subtask of itself or of its own subtask',
    'tasks.deadline_locked': 'Only the creator may change the deadline of this task: the responsible person may not',
    'tasks.action_invalid': 'The task is already in another status. Reload the page',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof taskCoreMessages.ru, true> {}
}

/** Every message of the tasks module: one list of its parts' catalogues. */
export const tasksMessages = mergeCatalogs([
  taskCoreMessages,
  taskSignalMessages,
  taskGanttMessages,
  taskBoardsMessages,
  scrumMessages,
  taskListMessages,
  taskCardMessages,
  taskTemplateMessages,
  taskReportMessages,
]);

function mergeCatalogs(parts: { ru: Record<string, string>; en: Record<string, string> }[]) {
  return { ru: Object.assign({}, ...parts.map((p) => p.ru)), en: Object.assign({}, ...parts.map((p) => p.en)) };
}
