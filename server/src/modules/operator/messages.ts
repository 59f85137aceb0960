import { defineMessages } from '../../platform/i18n/index.js';

/** Portals created by the install's operator. `{name}` placeholders are filled from the params of `t()`. */
export const operatorMessages = defineMessages({
  ru: {
    'operator.forbidden': 'Управлять порталами может только оператор установки',
    'operator.name_invalid': 'От 3 до 40 символов: строчные латинские буквы, цифры и дефис; в начале и в конце — буква или цифра',
    'operator.name_reserved': 'Этот адрес зарезервирован, выберите другой',
    'operator.name_taken': 'Портал с таким адресом уже есть',
    'operator.title_required': 'Укажите название портала',
    'operator.email_invalid': 'Введите корректный e-mail администратора',
    'operator.admin_first_name': 'Администратор',
    'operator.account_unknown': 'Учётной записи с таким e-mail нет: сначала пригласите этого человека на портал',
  },
  en: {
    'operator.forbidden': 'Only an operator of the install may manage portals',
    'operator.name_invalid': '3 to 40 characters: lowercase latin letters, digits and hyphens, starting and ending with a letter or digit',
    'operator.name_reserved': 'This address is reserved, choose another one',
    'operator.name_taken': 'A portal with this address already exists',
    'operator.title_required': 'Enter the portal title',
    'operator.email_invalid': 'Enter a valid administrator e-mail',
    'operator.admin_first_name': 'Administrator',
    'operator.account_unknown': 'There is no account with this e-mail: invite the person to a portal first',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof operatorMessages.ru, true> {}
}
