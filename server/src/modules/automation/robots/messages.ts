import { defineMessages } from '../../../platform/i18n/index.js';

export const robotsMessages = defineMessages({
  ru: {},
  en: {},
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof robotsMessages.ru, true> {}
}
