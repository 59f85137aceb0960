import { defineMessages } from '../../platform/i18n/index.js';

/** Uploads to the portal's file store, their previews and text views. `{name}` placeholders are filled from the params of `t()`. */
export const filesMessages = defineMessages({
  ru: {
    'files.no_file': 'Выберите файл',
    'files.empty': 'Файл пустой',
    'files.too_large': 'Файл больше {mb} МБ',
    'files.invalid': 'Файл не найден или недоступен',
    'files.preview_none': 'У этого файла нет превью: его можно скачать',
    'files.preview_failed': 'Не удалось сделать превью: файл повреждён или слишком большой',
    'files.not_text': 'Это не текстовый файл: его можно только скачать',
  },
  en: {
    'files.no_file': 'Choose a file',
    'files.empty': 'The file is empty',
    'files.too_large': 'The file is larger than {mb} MB',
    'files.invalid': 'The file is not found or not available',
    'files.preview_none': 'This file has no preview: download it instead',
    'files.preview_failed': 'No preview could be made: the file is damaged or too large',
    'files.not_text': 'This is not a text file: it can only be downloaded',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof filesMessages.ru, true> {}
}
