import { defineMessages } from '../../../platform/i18n/index.js';

/** The warehouses' words on the server. */
export const storeMessages = defineMessages({
  ru: {},
  en: {},
});
