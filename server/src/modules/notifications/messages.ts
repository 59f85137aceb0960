import { defineMessages } from '../../platform/i18n/index.js';

/** Notifications the portal sends its members. `{name}` placeholders are filled from the params of `t()`. */
export const notificationsMessages = defineMessages({
  ru: {
    'notification.welcome.title': 'Добро пожаловать на портал',
    'notification.welcome.body': 'Сотрудник {name} присоединился к порталу',
  },
  en: {
    'notification.welcome.title': 'Welcome to the portal',
    'notification.welcome.body': '{name} has joined the portal',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof notificationsMessages.ru, true> {}
}
