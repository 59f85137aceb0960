import { addTasksWords } from '../i18n';

addTasksWords(
  {
    deadlines: {
      board: 'Сроки задач',
      column: { overdue: 'Просрочены', today: 'На сегодня', week: 'На этой неделе', next_week: 'На следующей неделе', none: 'Без срока', later: 'Больше двух недель' },
      roles: 'Ваши открытые задачи, где вы ответственный или соисполнитель. Перетащите карточку в колонку, чтобы сменить крайний срок.',
      moved: 'Крайний срок «{{title}}»: {{deadline}}',
      movedNone: 'У задачи «{{title}}» больше нет крайнего срока',
      noDeadline: 'Без срока',
      locked: 'Крайний срок может менять только постановщик',
      empty: 'Нет задач',
      emptyTitle: 'Открытых задач нет',
      emptyHint: 'Здесь собираются задачи, которые вы делаете или в которых помогаете, по крайним срокам.',
    },
    card: { responsible: 'Ответственный: {{name}}', overdue: 'Срок прошёл' },
  },
  {
    deadlines: {
      board: 'Task deadlines',
      column: { overdue: 'Overdue', today: 'Due today', week: 'Due this week', next_week: 'Due next week', none: 'No deadline', later: 'More than two weeks' },
      roles: 'Your open tasks where you are the assignee or a participant. Drag a card to another column to change its deadline.',
      moved: 'Deadline of «{{title}}»: {{deadline}}',
      movedNone: '«{{title}}» has no deadline now',
      noDeadline: 'No deadline',
      locked: 'Only the creator may change the deadline',
      empty: 'No tasks',
      emptyTitle: 'No open tasks',
      emptyHint: 'Tasks you do or help with gather here by their deadlines.',
    },
    card: { responsible: 'Assignee: {{name}}', overdue: 'The deadline has passed' },
  },
);
