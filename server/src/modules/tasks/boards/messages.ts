import { defineMessages } from '../../../platform/i18n/index.js';

/** «Сроки», «Мой план» and «Календарь». */
export const taskBoardsMessages = defineMessages({
  ru: {
    'tasks.boards.zone_invalid': 'Неизвестный часовой пояс',
    'tasks.boards.overdue_target': 'В «Просрочены» задачу перенести нельзя: выберите срок в другой колонке',
    'tasks.boards.week_over': 'На этой неделе не осталось дней после сегодняшнего: выберите «На следующей неделе»',
    'tasks.boards.stage_new': 'Новые',
    'tasks.boards.stage_doing': 'Выполняются',
    'tasks.boards.stage_done': 'Сделаны',
    'tasks.boards.order_invalid': 'Порядок должен перечислять все ваши этапы по одному разу',
    'tasks.boards.last_stage': 'Последний этап удалить нельзя',
    'tasks.boards.window_invalid': 'Период календаря должен быть не длиннее {days} дней и заканчиваться после начала',
  },
  en: {
    'tasks.boards.zone_invalid': 'Unknown time zone',
    'tasks.boards.overdue_target': 'A task cannot be moved to «Overdue»: pick a deadline in another column',
    'tasks.boards.week_over': 'No day of this week is left after today: pick «Next week»',
    'tasks.boards.stage_new': 'New',
    'tasks.boards.stage_doing': 'In progress',
    'tasks.boards.stage_done': 'Done',
    'tasks.boards.order_invalid': 'The order must list each of your stages once',
    'tasks.boards.last_stage': 'The last stage cannot be deleted',
    'tasks.boards.window_invalid': 'The calendar period must end after it starts and last at most {days} days',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof taskBoardsMessages.ru, true> {}
}
