import { defineMessages } from '../../platform/i18n/index.js';

/** Comments on the portal's items. `{name}` placeholders are filled from the params of `t()`. */
export const commentsMessages = defineMessages({
  ru: {
    'comments.empty': 'Напишите текст комментария',
    'comments.mention_invalid': 'Упомянуть можно только сотрудника портала',
    'comments.file_invalid': 'Прикрепить можно только файл, загруженный вами',
    'comments.mention_title': '{name} упомянул(а) вас в комментарии',
    'comments.parent_invalid': 'Ответить можно только на комментарий к этому же элементу',
    'comments.reply_title': '{name} ответил(а) на ваш комментарий',
  },
  en: {
    'comments.empty': 'Write the text of the comment',
    'comments.mention_invalid': 'Only an employee of the portal can be mentioned',
    'comments.file_invalid': 'Only a file you uploaded can be attached',
    'comments.mention_title': '{name} mentioned you in a comment',
    'comments.parent_invalid': 'Only a comment on the same item can be answered',
    'comments.reply_title': '{name} replied to your comment',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof commentsMessages.ru, true> {}
}
