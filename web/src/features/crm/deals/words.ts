import { useTranslation } from 'react-i18next';
import i18n from '../../../i18n';

/** The words of the deals' activities: the Kanban cards' «Дела», the lists' column, the views «Дела» and «Календарь». */
const ru = {
  badge: 'Дела: {{count}}',
  badgeOverdue: 'просрочено {{count}}',
  noActivities: 'Нет дел',
  cardHint: 'Запланированные дела сделки',
  openDeal: 'Открыть сделку',
  type: { call: 'Звонок', meeting: 'Встреча', email: 'Письмо', todo: 'Дело', task: 'Задача' },
  types: 'Тип дела',
  allTypes: 'Все типы',
  priority: { low: 'Низкий', normal: 'Обычный', high: 'Высокий' },
  view: { label: 'Дела', planned: 'Запланированные', today: 'Сегодня', overdue: 'Просроченные', week: 'На этой неделе', done: 'Выполненные' },
  who: { label: 'Чьи дела', any: 'Все', me: 'Мои' },
  columns: { done: 'Выполнено', type: 'Тип', subject: 'Тема', deal: 'Сделка', deadline: 'Срок', responsible: 'Ответственный', priority: 'Приоритет' },
  list: 'Дела сделок',
  noDeadline: 'Без срока',
  today: 'Сегодня',
  yesterday: 'Вчера',
  more: 'Показать ещё',
  shown: 'Показано {{shown}} из {{total}}',
  emptyTitle: 'Дел по сделкам нет',
  empty: 'Звонки, встречи, письма и дела по сделкам воронки появятся здесь. Создайте дело из карточки сделки.',
  emptyFiltered: 'Под эти условия дел нет',
  calendarMode: 'Показывать',
  calendarActivities: 'Дела',
  calendarDates: 'Даты сделок',
  calendarMonth: 'Календарь дел',
  calendarAgenda: 'Дела месяца по дням',
  calendarEmpty: 'В этом месяце нет дел по сделкам воронки',
  calendarCount_one: '{{count}} дело',
  calendarCount_few: '{{count}} дела',
  calendarCount_many: '{{count}} дел',
  calendarCount_other: '{{count}} дела',
  truncated: 'Показаны первые {{count}} дел месяца',
};
type Dict = typeof ru;

const en: Dict = {
  badge: 'Activities: {{count}}',
  badgeOverdue: '{{count}} overdue',
  noActivities: 'No activities',
  cardHint: 'The deal’s planned activities',
  openDeal: 'Open the deal',
  type: { call: 'Call', meeting: 'Meeting', email: 'E-mail', todo: 'To-do', task: 'Task' },
  types: 'Activity type',
  allTypes: 'All types',
  priority: { low: 'Low', normal: 'Normal', high: 'High' },
  view: { label: 'Activities', planned: 'Planned', today: 'Today', overdue: 'Overdue', week: 'This week', done: 'Done' },
  who: { label: 'Whose', any: 'Everyone’s', me: 'Mine' },
  columns: { done: 'Done', type: 'Type', subject: 'Subject', deal: 'Deal', deadline: 'Deadline', responsible: 'Responsible', priority: 'Priority' },
  list: 'Deals’ activities',
  noDeadline: 'No deadline',
  today: 'Today',
  yesterday: 'Yesterday',
  more: 'Show more',
  shown: '{{shown}} of {{total}} shown',
  emptyTitle: 'No activities on deals',
  empty: 'Calls, meetings, e-mails and to-dos on the pipeline’s deals show here. Create one from a deal’s card.',
  emptyFiltered: 'No activities match these conditions',
  calendarMode: 'Show',
  calendarActivities: 'Activities',
  calendarDates: 'Deal dates',
  calendarMonth: 'Activities calendar',
  calendarAgenda: 'The month’s activities by day',
  calendarEmpty: 'No activities on the pipeline’s deals this month',
  calendarCount_one: '{{count}} activity',
  calendarCount_few: '{{count}} activities',
  calendarCount_many: '{{count}} activities',
  calendarCount_other: '{{count}} activities',
  truncated: 'The month’s first {{count}} activities are shown',
};

const NS = 'crm-deal-activities';
if (!i18n.hasResourceBundle('ru', NS)) {
  i18n.addResourceBundle('ru', NS, ru, true, true);
  i18n.addResourceBundle('en', NS, en, true, true);
}

export function useDealActivityT() {
  return useTranslation(NS);
}
