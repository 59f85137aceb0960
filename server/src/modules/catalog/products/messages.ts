import { defineMessages } from '../../../platform/i18n/index.js';

/** The catalogue's words on the server. */
export const productsMessages = defineMessages({
  ru: {},
  en: {},
});
