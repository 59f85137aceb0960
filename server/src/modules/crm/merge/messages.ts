import { defineMessages } from '../../../platform/i18n/index.js';

/** The merge's messages: what a merge request may get wrong. */
export const mergeMessages = defineMessages({
  ru: {
    'crm.merge.type_invalid': 'Объединять можно только контакты или только компании',
    'crm.merge.need_two': 'Выберите хотя бы два элемента для объединения',
    'crm.merge.too_many': 'За один раз можно объединить не больше {max} элементов',
    'crm.merge.primary_unknown': 'Основной элемент должен быть среди объединяемых',
    'crm.merge.field_unknown': 'Такого поля нет',
    'crm.merge.source_unknown': 'Значение можно взять только у одного из объединяемых элементов',
  },
  en: {
    'crm.merge.type_invalid': 'Only contacts or only companies can be merged',
    'crm.merge.need_two': 'Choose at least two items to merge',
    'crm.merge.too_many': 'At most {max} items can be merged at once',
    'crm.merge.primary_unknown': 'The primary item must be one of those merged',
    'crm.merge.field_unknown': 'There is no such field',
    'crm.merge.source_unknown': 'A value can only come from one of the merged items',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof mergeMessages.ru, true> {}
}
