import { addTasksWords } from '../i18n';

addTasksWords(
  {
    reports: {
      title: 'Отчёты',
      scope: { label: 'Чей отчёт', me: 'Мой', user: 'Сотрудник', department: 'Отдел', group: 'Группа' },
      pick: { user: 'Выберите сотрудника', department: 'Выберите отдел', group: 'Выберите группу или проект' },
      period: { label: 'Период', thisMonth: 'Этот месяц', lastMonth: 'Прошлый месяц', thisWeek: 'Эта неделя', quarter: 'Этот квартал', custom: 'Свой период', from: 'С', to: 'По' },
      col: {
        user: 'Сотрудник',
        assigned: 'Поставлено',
        completed: 'Завершено',
        completedOnTime: 'В срок',
        overdue: 'Просрочено',
        efficiency: 'Эффективность',
        time: 'Затрачено',
      },
      totals: 'Итого',
      export: 'Экспорт в Excel',
      formula:
        'Эффективность = 100 − просроченные / поставленные × 100. Поставлено — задачи, где сотрудник исполнитель, созданные или со сроком в периоде; просрочено — завершённые после срока или открытые после него.',
      chartPeople: 'Завершено и просрочено по сотрудникам',
      chartWeeks: 'Завершено и просрочено по неделям',
      empty: 'Нет задач за этот период',
      noScopes: 'Отчёты по отделам и группам видят их руководители и модераторы.',
      hours: '{{h}} ч {{m}} мин',
    },
  },
  {
    reports: {
      title: 'Reports',
      scope: { label: 'Whose report', me: 'Mine', user: 'Employee', department: 'Department', group: 'Group' },
      pick: { user: 'Choose an employee', department: 'Choose a department', group: 'Choose a group or project' },
      period: { label: 'Period', thisMonth: 'This month', lastMonth: 'Last month', thisWeek: 'This week', quarter: 'This quarter', custom: 'Custom period', from: 'From', to: 'To' },
      col: { user: 'Employee', assigned: 'Assigned', completed: 'Completed', completedOnTime: 'On time', overdue: 'Overdue', efficiency: 'Efficiency', time: 'Time spent' },
      totals: 'Total',
      export: 'Export to Excel',
      formula: 'Efficiency = 100 − overdue / assigned × 100. Assigned: tasks the employee is responsible for, created or due in the period; overdue: completed after the deadline, or open past it.',
      chartPeople: 'Completed and overdue by employee',
      chartWeeks: 'Completed and overdue by week',
      empty: 'No tasks in this period',
      noScopes: 'Department and group reports are for their heads and moderators.',
      hours: '{{h}} h {{m}} min',
    },
  },
);
