import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

type Words = Record<string, unknown>;

/**
 * Adds words to the `tasks` namespace (deep merge): each part of the tasks pages (list, Gantt,
 * Scrum...) keeps its words in its own folder and adds them with this, Russian first.
 */
export function addTasksWords(ru: Words, en: Words): void {
  i18n.addResourceBundle('ru', 'tasks', ru, true, true);
  i18n.addResourceBundle('en', 'tasks', en, true, true);
}

addTasksWords(
  {
    title: 'Задачи и проекты',
    create: 'Создать',
    views: { label: 'Вид', list: 'Список', deadlines: 'Сроки', plan: 'Мой план', calendar: 'Календарь', gantt: 'Гант', scrum: 'Скрам', templates: 'Шаблоны', reports: 'Отчёты' },
    status: { pending: 'Ждёт выполнения', in_progress: 'Выполняется', review: 'Ждёт контроля', completed: 'Завершена', deferred: 'Отложена' },
    role: { responsible: 'Делаю', accomplice: 'Помогаю', creator: 'Поручил', auditor: 'Наблюдаю' },
    people: { creator: 'Постановщик', responsible: 'Исполнитель', accomplices: 'Соисполнители', auditors: 'Наблюдатели' },
    field: {
      title: 'Название',
      description: 'Описание',
      deadline: 'Крайний срок',
      allowChangeDeadline: 'Разрешить ответственному менять крайний срок',
      taskControl: 'Принять работу после завершения задачи',
      requireResult: 'Обязательный результат',
      important: 'Важная задача',
      startPlan: 'Начало',
      endPlan: 'Завершение',
      group: 'Проект',
      tags: 'Теги',
      parent: 'Надзадача',
      estimate: 'Плановое время',
      storyPoints: 'Story points',
    },
    action: { start: 'Начать выполнение', pause: 'Приостановить', complete: 'Завершить', defer: 'Отложить', approve: 'Принять работу', disapprove: 'Вернуть на доработку', renew: 'Возобновить' },
    soon: 'Этот вид появится здесь.',
  },
  {
    title: 'Tasks and projects',
    create: 'Create',
    views: { label: 'View', list: 'List', deadlines: 'Deadlines', plan: 'My plan', calendar: 'Calendar', gantt: 'Gantt', scrum: 'Scrum', templates: 'Templates', reports: 'Reports' },
    status: { pending: 'Pending', in_progress: 'In progress', review: 'Awaiting control', completed: 'Completed', deferred: 'Deferred' },
    role: { responsible: 'Doing', accomplice: 'Helping', creator: 'Assigned', auditor: 'Following' },
    people: { creator: 'Created by', responsible: 'Assignee', accomplices: 'Participants', auditors: 'Observers' },
    field: {
      title: 'Title',
      description: 'Description',
      deadline: 'Deadline',
      allowChangeDeadline: 'Allow the assignee to change the deadline',
      taskControl: 'Review the work when the task is completed',
      requireResult: 'A result is required',
      important: 'Important task',
      startPlan: 'Start',
      endPlan: 'End',
      group: 'Project',
      tags: 'Tags',
      parent: 'Parent task',
      estimate: 'Planned time',
      storyPoints: 'Story points',
    },
    action: { start: 'Start', pause: 'Pause', complete: 'Complete', defer: 'Defer', approve: 'Accept the work', disapprove: 'Return for rework', renew: 'Resume' },
    soon: 'This view will appear here.',
  },
);

export function useTasksT() {
  return useTranslation('tasks');
}

export const tasksT = (key: string, options?: Record<string, unknown>) => i18n.t(key, { ns: 'tasks', ...options });
