import { useTranslation } from 'react-i18next';
import i18n from '../i18n';

/** Words of the shared card, field and comment kit (`kit` namespace); a module's own words stay in its namespace. */
const ru = {
  card: {
    close: 'Закрыть карточку',
    openPage: 'Открыть на отдельной странице',
    copyLink: 'Скопировать ссылку',
    linkCopied: 'Ссылка скопирована',
    backToList: 'К списку',
    actions: 'Действия',
    edit: 'Изменить',
    editSection: 'Изменить блок «{{title}}»',
    collapse: 'Свернуть блок «{{title}}»',
    expand: 'Развернуть блок «{{title}}»',
    notFound: 'Запись не найдена или у вас нет к ней доступа',
    conflict: 'Запись изменил другой пользователь',
    conflictHint: 'Обновите карточку, чтобы увидеть новую версию, или оставьте свои изменения и сохраните их поверх.',
    reload: 'Обновить',
    keepMine: 'Оставить мои',
  },
  fields: {
    empty: 'не заполнено',
    yes: 'Да',
    no: 'Нет',
    addValue: 'Добавить',
    removeValue: 'Удалить «{{what}}» {{n}}',
    valueType: 'Тип: {{what}} {{n}}',
    types: { work: 'Рабочий', mobile: 'Мобильный', home: 'Домашний', other: 'Другой' },
    currency: 'Валюта',
    chooseEmployee: 'Выберите сотрудника',
    datePlaceholder: 'дд.мм.гггг',
    dateInvalid: 'Введите дату в виде дд.мм.гггг',
    pickDate: 'Выбрать дату в календаре',
  },
  comments: {
    comment: 'Комментарий',
    placeholder: 'Напишите комментарий…',
    send: 'Отправить',
    save: 'Сохранить',
    cancel: 'Отменить',
    edit: 'Изменить комментарий',
    delete: 'Удалить комментарий',
    deleteConfirm: 'Удалить комментарий?',
    edited: 'Комментарий изменён',
    deleted: 'Комментарий удалён',
    bold: 'Полужирный',
    italic: 'Курсив',
    list: 'Список',
    files: 'Файлы комментария',
  },
  files: {
    attach: 'Прикрепить файл',
    upload: 'Загрузить файл',
    replace: 'Заменить файл',
    remove: 'Убрать файл «{{name}}»',
    uploading: 'Загрузка «{{name}}»',
    waitUploads: 'Дождитесь окончания загрузки файлов',
  },
  mentions: {
    label: 'Упомянуть сотрудника',
    nothing: 'Никого не нашлось',
    loading: 'Ищем…',
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const en: Shape<typeof ru> = {
  card: {
    close: 'Close card',
    openPage: 'Open as a page',
    copyLink: 'Copy link',
    linkCopied: 'Link copied',
    backToList: 'Back to the list',
    actions: 'Actions',
    edit: 'Edit',
    editSection: 'Edit «{{title}}»',
    collapse: 'Collapse «{{title}}»',
    expand: 'Expand «{{title}}»',
    notFound: 'The item does not exist or you have no access to it',
    conflict: 'Another user changed this item',
    conflictHint: 'Reload the card to see the new version, or keep your changes and save them over it.',
    reload: 'Reload',
    keepMine: 'Keep mine',
  },
  fields: {
    empty: 'empty',
    yes: 'Yes',
    no: 'No',
    addValue: 'Add',
    removeValue: 'Remove «{{what}}» {{n}}',
    valueType: 'Type: {{what}} {{n}}',
    types: { work: 'Work', mobile: 'Mobile', home: 'Home', other: 'Other' },
    currency: 'Currency',
    chooseEmployee: 'Choose an employee',
    datePlaceholder: 'dd.mm.yyyy',
    dateInvalid: 'Enter the date as dd.mm.yyyy',
    pickDate: 'Pick a date in the calendar',
  },
  comments: {
    comment: 'Comment',
    placeholder: 'Write a comment…',
    send: 'Send',
    save: 'Save',
    cancel: 'Cancel',
    edit: 'Edit the comment',
    delete: 'Delete the comment',
    deleteConfirm: 'Delete the comment?',
    edited: 'Comment changed',
    deleted: 'Comment deleted',
    bold: 'Bold',
    italic: 'Italic',
    list: 'List',
    files: 'Files of the comment',
  },
  files: {
    attach: 'Attach a file',
    upload: 'Upload a file',
    replace: 'Replace the file',
    remove: 'Remove «{{name}}»',
    uploading: 'Uploading «{{name}}»',
    waitUploads: 'Wait until the files are uploaded',
  },
  mentions: {
    label: 'Mention an employee',
    nothing: 'Nobody found',
    loading: 'Searching…',
  },
};

if (!i18n.hasResourceBundle('ru', 'kit')) {
  i18n.addResourceBundle('ru', 'kit', ru, true, true);
  i18n.addResourceBundle('en', 'kit', en, true, true);
}

/** `t` of the kit's namespace. */
export function useKitT() {
  return useTranslation('kit');
}
