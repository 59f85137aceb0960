import { addTasksWords } from '../i18n';

addTasksWords(
  {
    crm: {
      title: 'CRM',
      empty: 'Задача не привязана к CRM',
      add: 'Привязать к CRM',
      remove: 'Отвязать «{{title}}»',
      type: { deal: 'Сделка', lead: 'Лид', contact: 'Контакт', company: 'Компания' },
      saved: 'Привязка к CRM сохранена',
    },
    reminders: {
      title: 'Напоминания',
      empty: 'Напоминаний нет',
      at: 'Напомнить',
      add: 'Добавить напоминание',
      remove: 'Удалить напоминание на {{when}}',
      sent: 'отправлено',
      added: 'Напоминание добавлено',
    },
  },
  {
    crm: {
      title: 'CRM',
      empty: 'The task is not bound to CRM',
      add: 'Bind to CRM',
      remove: 'Unbind «{{title}}»',
      type: { deal: 'Deal', lead: 'Lead', contact: 'Contact', company: 'Company' },
      saved: 'The CRM binding is saved',
    },
    reminders: {
      title: 'Reminders',
      empty: 'No reminders',
      at: 'Remind me',
      add: 'Add a reminder',
      remove: 'Delete the reminder at {{when}}',
      sent: 'sent',
      added: 'The reminder is added',
    },
  },
);
