import { defineMessages } from '../../platform/i18n/index.js';

/** The portal search's words on the server. */
export const searchMessages = defineMessages({
  ru: {
    'search.dates': 'Дата «по» не может быть раньше даты «с»',
  },
  en: {
    'search.dates': 'The “to” date cannot be before the “from” date',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof searchMessages.ru, true> {}
}
