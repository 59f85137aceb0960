import { defineMessages } from '../../platform/i18n/index.js';

/** The workday's words on the server: errors and notifications. */
export const workdayMessages = defineMessages({
  ru: {
    'workday.not_started': 'Рабочий день ещё не начат',
    'workday.already_started': 'Рабочий день уже завершён сегодня',
    'workday.already_working': 'Рабочий день уже начат',
    'workday.not_working': 'Рабочий день на перерыве',
    'workday.finished': 'Рабочий день уже завершён',
    'workday.reason_late': 'Укажите причину опоздания',
    'workday.reason_early': 'Укажите причину раннего завершения',
    'workday.ip_refused': 'Начать рабочий день можно только из сети офиса (ваш адрес {ip})',
    'workday.holiday_year': 'Дата должна быть в {year} году',
    'workday.schedule_target': 'Укажите отдел или сотрудника графика (у графика портала — никого)',
    'workday.schedule_target_missing': 'Такого отдела или сотрудника на портале нет',
    'workday.lunch_pair': 'Укажите и начало, и конец обеда',
    'workday.lunch_order': 'Конец обеда должен быть позже начала',
    'workday.end_before_start': 'Окончание не может быть раньше начала',
    'workday.reason_required': 'Укажите причину изменения',
    'workday.intervals_order': 'Интервалы должны идти по порядку и не пересекаться',
    'workday.intervals_day': 'Интервалы должны быть в пределах суток дня',
    'workday.own_day': 'Свой рабочий день нельзя изменить — запросите исправление у руководителя',
    'workday.request_decided': 'Запрос уже рассмотрен',
    'workday.notify.requested': '{name} просит исправить рабочий день {date}',
    'workday.notify.approved': 'Исправление рабочего дня {date} одобрено',
    'workday.notify.declined': 'Исправление рабочего дня {date} отклонено',
    'workday.notify.corrected': 'Руководитель изменил ваш рабочий день {date}: {reason}',
  },
  en: {
    'workday.not_started': 'The workday has not been started',
    'workday.already_started': 'The workday has already been finished today',
    'workday.already_working': 'The workday has already been started',
    'workday.not_working': 'The workday is on a break',
    'workday.finished': 'The workday has already been finished',
    'workday.reason_late': 'Give the reason for the late start',
    'workday.reason_early': 'Give the reason for finishing early',
    'workday.ip_refused': 'The workday can only be started from the office network (your address {ip})',
    'workday.holiday_year': 'The date must be in {year}',
    'workday.schedule_target': 'Choose the schedule’s department or employee (none for the portal’s)',
    'workday.schedule_target_missing': 'There is no such department or employee in the portal',
    'workday.lunch_pair': 'Give both the start and the end of lunch',
    'workday.lunch_order': 'Lunch must end after it starts',
    'workday.end_before_start': 'The end cannot be before the start',
    'workday.reason_required': 'Give the reason for the change',
    'workday.intervals_order': 'Intervals must be in order and must not overlap',
    'workday.intervals_day': 'Intervals must lie within the day',
    'workday.own_day': 'You cannot change your own workday — ask your manager for a correction',
    'workday.request_decided': 'The request has already been decided',
    'workday.notify.requested': '{name} asks to correct the workday of {date}',
    'workday.notify.approved': 'The correction of the workday of {date} was approved',
    'workday.notify.declined': 'The correction of the workday of {date} was declined',
    'workday.notify.corrected': 'Your manager changed your workday of {date}: {reason}',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof workdayMessages.ru, true> {}
}
