import { defineMessages } from '../../../platform/i18n/index.js';

/** Notifications of tasks, reminders and CRM links. */
export const taskSignalMessages = defineMessages({
  ru: {
    'tasks.notify.assigned': 'Вам поручена задача',
    'tasks.notify.accomplice': 'Вы соисполнитель задачи',
    'tasks.notify.auditor': 'Вы наблюдатель задачи',
    'tasks.notify.completed': 'Задача завершена',
    'tasks.notify.review': 'Задача ждёт вашего контроля',
    'tasks.notify.returned': 'Задача возвращена на доработку',
    'tasks.notify.started': 'Задача взята в работу',
    'tasks.notify.deferred': 'Задача отложена',
    'tasks.notify.renewed': 'Задача снова ждёт выполнения',
    'tasks.notify.deadline_changed': 'Изменён крайний срок задачи',
    'tasks.notify.deadline_near': 'Крайний срок задачи через час',
    'tasks.notify.overdue': 'Задача просрочена',
    'tasks.notify.reminder': 'Напоминание о задаче',
    'tasks.notify.comment': 'Новый комментарий к задаче',
    'tasks.reminder_past': 'Выберите время в будущем',
    'tasks.reminder_too_many': 'Слишком много напоминаний у этой задачи',
    'tasks.crm_link_invalid': 'Такого элемента CRM нет или он вам недоступен',
    'tasks.crm_link_hidden': 'Нет доступа',
  },
  en: {
    'tasks.notify.assigned': 'You have been given a task',
    'tasks.notify.accomplice': 'You are a participant of a task',
    'tasks.notify.auditor': 'You are an observer of a task',
    'tasks.notify.completed': 'A task has been completed',
    'tasks.notify.review': 'A task awaits your review',
    'tasks.notify.returned': 'A task has been returned for rework',
    'tasks.notify.started': 'A task has been started',
    'tasks.notify.deferred': 'A task has been deferred',
    'tasks.notify.renewed': 'A task is pending again',
    'tasks.notify.deadline_changed': 'The deadline of a task has changed',
    'tasks.notify.deadline_near': 'A task is due in an hour',
    'tasks.notify.overdue': 'A task is overdue',
    'tasks.notify.reminder': 'Task reminder',
    'tasks.notify.comment': 'New comment on a task',
    'tasks.reminder_past': 'Choose a time in the future',
    'tasks.reminder_too_many': 'This task has too many reminders',
    'tasks.crm_link_invalid': 'There is no such CRM item, or you may not see it',
    'tasks.crm_link_hidden': 'No access',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof taskSignalMessages.ru, true> {}
}
