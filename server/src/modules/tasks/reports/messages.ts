import { defineMessages } from '../../../platform/i18n/index.js';

/** Reports («Отчёты»). */
export const taskReportMessages = defineMessages({
  ru: {
    'tasks.report.forbidden': 'Отчёт по этим сотрудникам вам недоступен',
    'tasks.report.id_required': 'Выберите сотрудника, отдел или группу',
    'tasks.report.period_invalid': 'Конец периода раньше его начала',
    'tasks.report.period_too_long': 'Период не длиннее года',
  },
  en: {
    'tasks.report.forbidden': 'You may not see the report on these employees',
    'tasks.report.id_required': 'Choose an employee, a department or a group',
    'tasks.report.period_invalid': 'The end of the period is before its start',
    'tasks.report.period_too_long': 'The period is at most a year',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof taskReportMessages.ru, true> {}
}
