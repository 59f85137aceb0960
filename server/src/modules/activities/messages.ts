import { defineMessages } from '../../platform/i18n/index.js';

/** The activities' words on the server: errors, notifications, history. */
export const activitiesMessages = defineMessages({
  ru: {
    'activities.type.call': 'Звонок',
    'activities.type.meeting': 'Встреча',
    'activities.type.email': 'Письмо',
    'activities.type.todo': 'Дело',
    'activities.type.task': 'Задача',
    'activities.state.planned': 'Запланировано',
    'activities.state.done': 'Выполнено',
    'activities.end_before_start': 'Окончание не может быть раньше начала',
    'activities.owner_invalid': 'Выберите сделку, лид, контакт или компанию, к которым у вас есть доступ',
    'activities.responsible_invalid': 'Выберите ответственного из активных сотрудников портала',
    'activities.task_only': 'Задачу можно указать только у дела типа «Задача»',
    'activities.task_invalid': 'Задача не найдена',
    'activities.cursor_invalid': 'Неверная позиция списка',
    'activities.notify.reminder': 'Напоминание: {type} «{subject}» в {time}',
    'activities.notify.reminder_undated': 'Напоминание: {type} «{subject}»',
  },
  en: {
    'activities.type.call': 'Call',
    'activities.type.meeting': 'Meeting',
    'activities.type.email': 'E-mail',
    'activities.type.todo': 'To-do',
    'activities.type.task': 'Task',
    'activities.state.planned': 'Planned',
    'activities.state.done': 'Done',
    'activities.end_before_start': 'The end cannot be before the start',
    'activities.owner_invalid': 'Choose a deal, lead, contact or company you have access to',
    'activities.responsible_invalid': 'Choose the responsible among the portal’s active members',
    'activities.task_only': 'A task can only be given for an activity of type «Task»',
    'activities.task_invalid': 'The task was not found',
    'activities.cursor_invalid': 'Invalid list position',
    'activities.notify.reminder': 'Reminder: {type} “{subject}” at {time}',
    'activities.notify.reminder_undated': 'Reminder: {type} “{subject}”',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof activitiesMessages.ru, true> {}
}
