import { addTasksWords } from '../i18n';

addTasksWords(
  {
    calendar: {
      grid: 'Календарь задач',
      agenda: 'Задачи по дням',
      hint: 'Ваши задачи: крайние сроки — по дням, плановые даты — полосой от начала до завершения. Перетащите срок на другой день, чтобы перенести его.',
      role: 'Роль',
      allRoles: 'Все мои',
      count_one: '{{count}} задача',
      count_few: '{{count}} задачи',
      count_many: '{{count}} задач',
      count_other: '{{count}} задачи',
      empty: 'В этот период у вас нет задач со сроком или плановыми датами',
      moved: 'Крайний срок «{{title}}»: {{deadline}}',
      deadline: 'Крайний срок',
      planned: 'План: {{from}} — {{to}}',
      truncated: 'Показаны первые 500 задач периода: выберите неделю или день.',
    },
  },
  {
    calendar: {
      grid: 'Tasks calendar',
      agenda: 'Tasks by day',
      hint: 'Your tasks: deadlines by day, planned dates as a bar from start to end. Drag a deadline to another day to move it.',
      role: 'Role',
      allRoles: 'All mine',
      count_one: '{{count}} task',
      count_few: '{{count}} tasks',
      count_many: '{{count}} tasks',
      count_other: '{{count}} tasks',
      empty: 'You have no tasks with a deadline or planned dates in this period',
      moved: 'Deadline of «{{title}}»: {{deadline}}',
      deadline: 'Deadline',
      planned: 'Plan: {{from}} — {{to}}',
      truncated: 'The first 500 tasks of the period are shown: pick a week or a day.',
    },
  },
);
