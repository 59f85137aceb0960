import { defineMessages } from '../../platform/i18n/index.js';

/** The activities' words on the server: errors, notifications, history. */
export const activitiesMessages = defineMessages({
  ru: {
    'activities.type.call': 'Звонок',
    'activities.type.meeting': 'Встреча',
    'activities.type.email': 'Письмо',
    'activities.type.todo': 'Дело',
    'activities.type.task': 'Задача',
  },
  en: {
    'activities.type.call': 'Call',
    'activities.type.meeting': 'Meeting',
    'activities.type.email': 'E-mail',
    'activities.type.todo': 'To-do',
    'activities.type.task': 'Task',
  },
});
