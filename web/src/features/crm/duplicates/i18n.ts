import i18n from '../../../i18n';
import '../i18n';

/** The duplicates' words, under `duplicates` of the CRM namespace. */
const ru = {
  title: 'Дубликаты',
  open: 'Дубликаты',
  intro: 'Похожие контакты и компании: с одним телефоном, e-mail, ИНН или одинаковым названием (у контактов — именем в той же компании). Проверьте группу и объедините записи в одну.',
  types: { contact: 'Контакты', company: 'Компании' },
  typeLabel: 'Что искать',
  merge: 'Объединить',
  mergeLabel: 'Объединить: {{titles}}',
  score: 'Совпадение {{score}}%',
  reasons: { phone: 'Телефон', email: 'E-mail', name: 'Имя', title: 'Название', inn: 'ИНН' },
  emptyTitle: 'Дубликатов не найдено',
  empty: 'Здесь появятся контакты и компании, похожие друг на друга: с одним телефоном, e-mail или ИНН.',
  more: 'Показать ещё',
  group: 'Группа дубликатов {{n}}',
  warning: 'Возможные дубликаты:',
  warningLabel: 'Возможные дубликаты',
};

const en: typeof ru = {
  title: 'Duplicates',
  open: 'Duplicates',
  intro: 'Contacts and companies that look alike: one phone, e-mail or INN, or the same name (contacts: the same name at the same company). Check a group and merge its records into one.',
  types: { contact: 'Contacts', company: 'Companies' },
  typeLabel: 'What to look for',
  merge: 'Merge',
  mergeLabel: 'Merge: {{titles}}',
  score: '{{score}}% match',
  reasons: { phone: 'Phone', email: 'E-mail', name: 'Name', title: 'Name', inn: 'INN' },
  emptyTitle: 'No duplicates found',
  empty: 'Contacts and companies that look alike show here: the same phone, e-mail or INN.',
  more: 'Show more',
  group: 'Duplicate group {{n}}',
  warning: 'Possible duplicates:',
  warningLabel: 'Possible duplicates',
};

i18n.addResourceBundle('ru', 'crm', { duplicates: ru }, true, false);
i18n.addResourceBundle('en', 'crm', { duplicates: en }, true, false);
