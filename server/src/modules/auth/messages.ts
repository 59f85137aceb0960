import { defineMessages } from '../../platform/i18n/index.js';

/** Sign-in, passwords, identity providers and the password-reset letter. `{name}` placeholders are filled from the params of `t()`. */
export const authMessages = defineMessages({
  ru: {
    'auth.invalid_credentials': 'Неверный логин или пароль',
    'auth.locked': 'Слишком много неудачных попыток входа. Повторите через {minutes} мин.',
    'auth.login_required': 'Введите e-mail или номер телефона',
    'auth.login_invalid': 'Введите корректный e-mail или номер телефона',
    'auth.password_too_short': 'Пароль должен быть не короче {min} символов',
    'auth.token_invalid': 'Ссылка недействительна или устарела',
    'auth.no_portals': 'У этой учётной записи нет доступных порталов',
    'auth.oidc_failed': 'Не удалось войти через внешний сервис',
    'auth.oidc_not_registered': 'Пользователь не зарегистрирован на портале',
    'auth.oidc_issuer_https': 'Адрес провайдера должен начинаться с https://',
    'auth.oidc_issuer_private': 'Адрес провайдера ведёт во внутреннюю сеть или на этот сервер. Такие адреса разрешает только администратор сервера (OIDC_ALLOW_PRIVATE)',
    'mail.reset.subject': 'Восстановление пароля',
    'mail.reset.text': 'Здравствуйте!\n\nЧтобы задать новый пароль, откройте ссылку:\n{url}\n\nСсылка действует 1 час. Если вы не запрашивали смену пароля, ничего не делайте.',
  },
  en: {
    'auth.invalid_credentials': 'Wrong login or password',
    'auth.locked': 'Too many failed sign-in attempts. Try again in {minutes} min.',
    'auth.login_required': 'Enter an e-mail or a phone number',
    'auth.login_invalid': 'Enter a valid e-mail or phone number',
    'auth.password_too_short': 'The password must be at least {min} characters long',
    'auth.token_invalid': 'The link is invalid or has expired',
    'auth.no_portals': 'This account has no portals',
    'auth.oidc_failed': 'Could not sign in with the external service',
    'auth.oidc_not_registered': 'This user is not registered on the portal',
    'auth.oidc_issuer_https': 'The issuer address must start with https://',
    'auth.oidc_issuer_private': 'The issuer address leads into a private network or to this server. Only the server operator can allow such addresses (OIDC_ALLOW_PRIVATE)',
    'mail.reset.subject': 'Password reset',
    'mail.reset.text': 'Hello!\n\nTo set a new password, open the link:\n{url}\n\nThe link is valid for 1 hour. If you did not ask for it, do nothing.',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof authMessages.ru, true> {}
}
