import { defineMessages } from '../../../platform/i18n/index.js';

export const presetMessages = defineMessages({
  ru: {
    'automation.preset.not_result_field': 'Это не поле блока «Результаты»',
    'automation.preset.option_invalid': 'Выберите одно из значений поля «{field}»',
  },
  en: {
    'automation.preset.not_result_field': 'This is not a field of the «Results» block',
    'automation.preset.option_invalid': 'Choose one of the values of the field «{field}»',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof presetMessages.ru, true> {}
}
