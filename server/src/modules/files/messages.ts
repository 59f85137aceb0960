import { defineMessages } from '../../platform/i18n/index.js';

/** Uploads to the portal's file store. `{name}` placeholders are filled from the params of `t()`. */
export const filesMessages = defineMessages({
  ru: {
    'files.no_file': 'Выберите файл',
    'files.empty': 'Файл пустой',
    'files.too_large': 'Файл больше {mb} МБ',
    'files.invalid': 'Файл не найден или недоступен',
  },
  en: {
    'files.no_file': 'Choose a file',
    'files.empty': 'The file is empty',
    'files.too_large': 'The file is larger than {mb} MB',
    'files.invalid': 'The file is not found or not available',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof filesMessages.ru, true> {}
}
