import i18n from '../../../i18n';
import '../i18n';

/** The trash's words, under `trash` of the CRM namespace. */
const ru = {
  title: 'Корзина',
  intro: 'Удалённые сделки, лиды, контакты и компании хранятся здесь 30 дней вместе со связями, делами, комментариями и файлами, затем удаляются навсегда.',
  all: 'Все',
  types: { deal: 'Сделки', lead: 'Лиды', contact: 'Контакты', company: 'Компании' },
  type: { deal: 'Сделка', lead: 'Лид', contact: 'Контакт', company: 'Компания' },
  columns: { title: 'Название', type: 'Тип', deletedBy: 'Кто удалил', deletedAt: 'Когда удалено', purgeAt: 'Удалится навсегда', actions: 'Действия' },
  merged: 'Объединено с #{{id}}',
  restore: 'Восстановить',
  restoreSelected: 'Восстановить выбранные ({{count}})',
  restored: 'Восстановлено: {{count}}',
  empty: 'Очистить корзину',
  emptyConfirmTitle: 'Очистить корзину?',
  emptyConfirm: 'Все элементы корзины будут удалены навсегда. Восстановить их будет нельзя.',
  emptied: 'Корзина очищена',
  remove: 'Удалить навсегда',
  removeConfirmTitle: 'Удалить навсегда?',
  removeConfirm: '«{{title}}» будет удалён навсегда вместе со связями, делами, комментариями и файлами. Восстановить его будет нельзя.',
  removed: 'Удалено навсегда: «{{title}}»',
  nothing: 'Корзина пуста',
  nothingHint: 'Сюда попадают удалённые сделки, лиды, контакты и компании. Их можно восстановить в течение 30 дней.',
  select: 'Выбрать «{{title}}»',
  selectAll: 'Выбрать все',
  back: 'Назад',
  next: 'Далее',
};
type Dict = typeof ru;

const en: Dict = {
  title: 'Recycle bin',
  intro: 'Deleted deals, leads, contacts and companies stay here for 30 days with their links, activities, comments and files, then go for good.',
  all: 'All',
  types: { deal: 'Deals', lead: 'Leads', contact: 'Contacts', company: 'Companies' },
  type: { deal: 'Deal', lead: 'Lead', contact: 'Contact', company: 'Company' },
  columns: { title: 'Name', type: 'Type', deletedBy: 'Deleted by', deletedAt: 'Deleted', purgeAt: 'Deleted for good', actions: 'Actions' },
  merged: 'Merged into #{{id}}',
  restore: 'Restore',
  restoreSelected: 'Restore selected ({{count}})',
  restored: 'Restored: {{count}}',
  empty: 'Empty the bin',
  emptyConfirmTitle: 'Empty the recycle bin?',
  emptyConfirm: 'Everything in the bin will be deleted for good. It cannot be restored.',
  emptied: 'The bin is empty',
  remove: 'Delete for good',
  removeConfirmTitle: 'Delete for good?',
  removeConfirm: '“{{title}}” will be deleted for good with its links, activities, comments and files. It cannot be restored.',
  removed: 'Deleted for good: “{{title}}”',
  nothing: 'The recycle bin is empty',
  nothingHint: 'Deleted deals, leads, contacts and companies come here. They can be restored within 30 days.',
  select: 'Select “{{title}}”',
  selectAll: 'Select all',
  back: 'Back',
  next: 'Next',
};

i18n.addResourceBundle('ru', 'crm', { trash: ru }, true, false);
i18n.addResourceBundle('en', 'crm', { trash: en }, true, false);
