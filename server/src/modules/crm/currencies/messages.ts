import { defineMessages } from '../../../platform/i18n/index.js';

/** The currencies' messages. */
export const currencyMessages = defineMessages({
  ru: {
    'crm.currency_unknown': 'Такой валюты нет в списке',
    'crm.rate_invalid': 'Введите курс положительным числом, например 90,5',
    'crm.rate_of_base': 'Курс базовой валюты всегда 1',
    'crm.rate_last': 'Это единственный курс валюты: введите новый, прежде чем удалять',
    'crm.rate_missing': 'У валюты нет курса: сначала введите его',
  },
  en: {
    'crm.currency_unknown': 'There is no such currency in the list',
    'crm.rate_invalid': 'Enter the rate as a positive number, e.g. 90.5',
    'crm.rate_of_base': 'The base currency’s rate is always 1',
    'crm.rate_last': 'This is the currency’s only rate: enter a new one before deleting it',
    'crm.rate_missing': 'The currency has no rate: enter one first',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof currencyMessages.ru, true> {}
}
