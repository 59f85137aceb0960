import { defineMessages } from '../../../platform/i18n/index.js';

export const triggersMessages = defineMessages({
  ru: {},
  en: {},
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof triggersMessages.ru, true> {}
}
