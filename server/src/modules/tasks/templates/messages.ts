import { defineMessages } from '../../../platform/i18n/index.js';

/** Templates («Шаблоны») and their repetition. */
export const taskTemplateMessages = defineMessages({
  ru: {
    'tasks.template.repeat_required': 'Укажите, как повторять задачу',
    'tasks.template.weekdays_required': 'Выберите хотя бы один день недели',
    'tasks.template.month_day_required': 'Укажите число месяца',
    'tasks.template.until_past': 'Дата окончания повторения уже прошла',
  },
  en: {
    'tasks.template.repeat_required': 'Say how the task repeats',
    'tasks.template.weekdays_required': 'Choose at least one day of the week',
    'tasks.template.month_day_required': 'Choose the day of the month',
    'tasks.template.until_past': 'The end date of the repetition has passed',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof taskTemplateMessages.ru, true> {}
}
