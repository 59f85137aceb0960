import type { Lang } from '../../../platform/i18n/index.js';
import type { Localized } from '../../../platform/registry/registry.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';

const L = (ru: string, en: string): Localized => ({ ru, en });

/** Labels of recorded fields that are not list columns (or are named differently on a card). */
const CARD_FIELDS: Record<string, Localized> = {
  last_name: L('Фамилия', 'Last name'),
  first_name: L('Имя', 'First name'),
  middle_name: L('Отчество', 'Middle name'),
  websites: L('Сайт', 'Website'),
  messengers: L('Мессенджер', 'Messenger'),
  address: L('Адрес', 'Address'),
  kpp: L('КПП', 'KPP'),
  ogrn: L('ОГРН', 'OGRN'),
  revenue_currency: L('Валюта выручки', 'Revenue currency'),
  currency: L('Валюта', 'Currency'),
  utm_source: L('Рекламная система (utm_source)', 'UTM source'),
  utm_medium: L('Тип трафика (utm_medium)', 'UTM medium'),
  utm_campaign: L('Обозначение рекламной кампании (utm_campaign)', 'UTM campaign'),
  utm_content: L('Содержание кампании (utm_content)', 'UTM content'),
  utm_term: L('Условие поиска кампании (utm_term)', 'UTM term'),
  first_touch_at: L('Первое касание', 'First touch'),
  comments: L('Комментарий', 'Comment'),
  photo_url: L('Фото', 'Photo'),
  company_ids: L('Компании', 'Companies'),
  contact_ids: L('Контакты', 'Contacts'),
  contact_id: L('Контакт', 'Contact'),
  company_id: L('Компания', 'Company'),
  deal_id: L('Сделка', 'Deal'),
  lead_id: L('Создан из лида', 'Created from lead'),
  converted_at: L('Дата конвертации', 'Converted'),
  status_id: L('Статус', 'Status'),
  stage_id: L('Стадия', 'Stage'),
  pipeline_id: L('Воронка', 'Pipeline'),
  observer_ids: L('Наблюдатели', 'Observers'),
  primary_contact_id: L('Основной контакт', 'Primary contact'),
  products: L('Товары', 'Products'),
  merged_from: L('Объединено с', 'Merged from'),
};

/** The label of a recorded field in the user's language: card names first, then list columns. */
export function fieldLabel(entity: EntityType, field: string, lang: Lang, customLabels: Map<string, string>): string {
  if (field.startsWith('custom.')) return customLabels.get(field.slice('custom.'.length)) ?? field.slice('custom.'.length);
  const card = CARD_FIELDS[field];
  if (card) return card[lang];
  const column = specOf(entity).columns.find((c) => c.column === field);
  return column ? column.label[lang] : field;
}
