import { defineMessages } from '../../../platform/i18n/index.js';

/** The list's words: filters, presets, the export's columns. */
export const taskListMessages = defineMessages({
  ru: {
    'tasks.list.date_invalid': 'Дата должна быть в виде ГГГГ-ММ-ДД',
    'tasks.list.page_size_invalid': 'На странице может быть 10, 20, 50 или 100 задач',
    'tasks.list.preset_name_taken': 'Фильтр с таким названием уже есть',
    'tasks.list.preset_too_many': 'Можно сохранить не больше 30 фильтров',
    'tasks.list.export_sheet': 'Задачи',
    'tasks.list.export_id': 'ID',
    'tasks.list.export_title': 'Название',
    'tasks.list.export_status': 'Статус',
    'tasks.list.export_deadline': 'Крайний срок',
    'tasks.list.export_responsible': 'Исполнитель',
    'tasks.list.export_creator': 'Постановщик',
    'tasks.list.export_group': 'Проект',
    'tasks.list.export_tags': 'Теги',
    'tasks.list.export_created': 'Создана',
    'tasks.list.status_pending': 'Ждёт выполнения',
    'tasks.list.status_in_progress': 'Выполняется',
    'tasks.list.status_review': 'Ждёт контроля',
    'tasks.list.status_completed': 'Завершена',
    'tasks.list.status_deferred': 'Отложена',
    'tasks.list.search_title': 'Задачи',
    'tasks.list.profile_link': 'Задачи',
  },
  en: {
    'tasks.list.date_invalid': 'A date must look like YYYY-MM-DD',
    'tasks.list.page_size_invalid': 'A page holds 10, 20, 50 or 100 tasks',
    'tasks.list.preset_name_taken': 'There is a filter with this name already',
    'tasks.list.preset_too_many': 'You can save at most 30 filters',
    'tasks.list.export_sheet': 'Tasks',
    'tasks.list.export_id': 'ID',
    'tasks.list.export_title': 'Title',
    'tasks.list.export_status': 'Status',
    'tasks.list.export_deadline': 'Deadline',
    'tasks.list.export_responsible': 'Assignee',
    'tasks.list.export_creator': 'Created by',
    'tasks.list.export_group': 'Project',
    'tasks.list.export_tags': 'Tags',
    'tasks.list.export_created': 'Created',
    'tasks.list.status_pending': 'Pending',
    'tasks.list.status_in_progress': 'In progress',
    'tasks.list.status_review': 'Awaiting control',
    'tasks.list.status_completed': 'Completed',
    'tasks.list.status_deferred': 'Deferred',
    'tasks.list.search_title': 'Tasks',
    'tasks.list.profile_link': 'Tasks',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof taskListMessages.ru, true> {}
}
