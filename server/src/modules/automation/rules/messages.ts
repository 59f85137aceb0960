import { defineMessages } from '../../../platform/i18n/index.js';

export const rulesMessages = defineMessages({
  ru: {},
  en: {},
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof rulesMessages.ru, true> {}
}
