import type { FieldDef } from '@vavilon/contracts';
import type { Lang } from '../../../platform/i18n/index.js';
import type { Localized } from '../../../platform/registry/registry.js';
import type { EntityType } from '../schema.js';

/** A field a file column can be imported into. */
export interface ImportTarget {
  key: string;
  label: Localized;
  /** Other header spellings that suggest this field. */
  synonyms?: string[];
  required?: boolean;
  /** Several columns may feed it (phones, e-mails, sites). */
  repeatable?: boolean;
}

const L = (ru: string, en: string): Localized => ({ ru, en });

const CLIENT_TAIL: ImportTarget[] = [
  { key: 'phone', label: L('Телефон', 'Phone'), synonyms: ['рабочий телефон', 'тел', 'телефоны', 'phones', 'work phone'], repeatable: true },
  { key: 'mobilePhone', label: L('Мобильный телефон', 'Mobile phone'), synonyms: ['мобильный', 'mobile'], repeatable: true },
  { key: 'email', label: L('E-mail', 'E-mail'), synonyms: ['email', 'почта', 'электронная почта', 'e-mail рабочий', 'emails'], repeatable: true },
  { key: 'website', label: L('Сайт', 'Website'), synonyms: ['веб-сайт', 'site', 'web'], repeatable: true },
  { key: 'responsible', label: L('Ответственный', 'Responsible'), synonyms: ['менеджер', 'responsible person', 'manager'] },
  { key: 'source', label: L('Источник', 'Source') },
  { key: 'utmSource', label: L('Рекламная система (utm_source)', 'UTM source'), synonyms: ['utm_source', 'рекламная система'] },
  { key: 'utmMedium', label: L('Тип трафика (utm_medium)', 'UTM medium'), synonyms: ['utm_medium', 'тип трафика'] },
  { key: 'utmCampaign', label: L('Обозначение рекламной кампании (utm_campaign)', 'UTM campaign'), synonyms: ['utm_campaign', 'обозначение рекламной кампании'] },
  { key: 'utmContent', label: L('Содержание кампании (utm_content)', 'UTM content'), synonyms: ['utm_content', 'содержание кампании'] },
  { key: 'utmTerm', label: L('Условие поиска кампании (utm_term)', 'UTM term'), synonyms: ['utm_term', 'условие поиска кампании'] },
  { key: 'comments', label: L('Комментарий', 'Comment'), synonyms: ['комментарии', 'примечание', 'comments', 'note'] },
];

const NAMES: ImportTarget[] = [
  { key: 'lastName', label: L('Фамилия', 'Last name'), synonyms: ['surname'] },
  { key: 'firstName', label: L('Имя', 'First name'), synonyms: ['name'] },
  { key: 'middleName', label: L('Отчество', 'Middle name') },
  { key: 'fullName', label: L('ФИО', 'Full name'), synonyms: ['фамилия имя отчество', 'полное имя', 'контакт'] },
  { key: 'position', label: L('Должность', 'Position'), synonyms: ['job title'] },
];

const AMOUNT: ImportTarget[] = [
  { key: 'amount', label: L('Сумма', 'Amount'), synonyms: ['сумма сделки', 'бюджет', 'opportunity'] },
  { key: 'currency', label: L('Валюта', 'Currency') },
];

export const IMPORT_TARGETS: Record<EntityType, ImportTarget[]> = {
  company: [
    { key: 'title', label: L('Название компании', 'Company name'), synonyms: ['название', 'компания', 'company', 'name', 'title', 'наименование'], required: true },
    { key: 'industry', label: L('Вид деятельности', 'Industry'), synonyms: ['отрасль', 'сфера деятельности'] },
    { key: 'revenue', label: L('Выручка', 'Revenue'), synonyms: ['годовой оборот', 'оборот'] },
    { key: 'revenueCurrency', label: L('Валюта выручки', 'Revenue currency'), synonyms: ['валюта'] },
    { key: 'address', label: L('Адрес', 'Address'), synonyms: ['юридический адрес', 'фактический адрес'] },
    { key: 'inn', label: L('ИНН', 'INN'), synonyms: ['tin'] },
    { key: 'kpp', label: L('КПП', 'KPP') },
    { key: 'ogrn', label: L('ОГРН', 'OGRN') },
    ...CLIENT_TAIL,
  ],
  contact: [
    ...NAMES,
    { key: 'birthday', label: L('Дата рождения', 'Birthday'), synonyms: ['день рождения'] },
    { key: 'company', label: L('Компания', 'Company'), synonyms: ['название компании', 'организация'] },
    ...CLIENT_TAIL,
  ],
  lead: [
    { key: 'title', label: L('Название лида', 'Lead title'), synonyms: ['название', 'лид', 'title'] },
    { key: 'status', label: L('Статус', 'Status'), synonyms: ['стадия', 'stage'] },
    ...NAMES,
    { key: 'companyTitle', label: L('Название компании', 'Company name'), synonyms: ['компания', 'company'] },
    ...AMOUNT,
    ...CLIENT_TAIL,
  ],
  deal: [
    { key: 'title', label: L('Название сделки', 'Deal title'), synonyms: ['название', 'сделка', 'title', 'name'], required: true },
    { key: 'pipeline', label: L('Воронка', 'Pipeline'), synonyms: ['направление'] },
    { key: 'stage', label: L('Стадия', 'Stage'), synonyms: ['стадия сделки', 'этап'] },
    ...AMOUNT,
    { key: 'company', label: L('Компания', 'Company'), synonyms: ['название компании', 'клиент'] },
    { key: 'beginDate', label: L('Дата начала', 'Start date'), synonyms: ['начало'] },
    { key: 'closeDate', label: L('Дата завершения', 'Close date'), synonyms: ['предполагаемая дата закрытия', 'дата закрытия'] },
    ...CLIENT_TAIL.filter((t) => !['phone', 'mobilePhone', 'email', 'website'].includes(t.key)),
  ],
};

/** Custom fields that a file can fill: every type but files. */
export function importableCustom(defs: FieldDef[]): FieldDef[] {
  return defs.filter((d) => d.type !== 'file' && d.canEdit);
}

export function targetList(entity: EntityType, defs: FieldDef[], lang: Lang) {
  return [
    ...IMPORT_TARGETS[entity].map((t) => ({ key: t.key, label: t.label[lang], required: !!t.required, custom: false })),
    ...importableCustom(defs).map((d) => ({ key: d.code, label: d.label, required: d.required, custom: true })),
  ];
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Which field each file column most likely means, by its header. */
export function suggestMapping(entity: EntityType, defs: FieldDef[], columns: string[]): Record<string, string> {
  const names = new Map<string, string>();
  const add = (name: string, key: string) => {
    const n = norm(name);
    if (n && !names.has(n)) names.set(n, key);
  };
  for (const t of IMPORT_TARGETS[entity]) {
    add(t.label.ru, t.key);
    add(t.label.en, t.key);
    add(t.key, t.key);
  }
  for (const d of importableCustom(defs)) {
    add(d.label, d.code);
    add(d.code, d.code);
  }
  for (const t of IMPORT_TARGETS[entity]) for (const s of t.synonyms ?? []) add(s, t.key);
  const out: Record<string, string> = {};
  const used = new Set<string>();
  const repeatable = new Set(IMPORT_TARGETS[entity].filter((t) => t.repeatable).map((t) => t.key));
  for (const c of columns) {
    const key = names.get(norm(c.replace(/ \(\d+\)$/, '')));
    if (key && (!used.has(key) || repeatable.has(key))) {
      out[c] = key;
      used.add(key);
    }
  }
  return out;
}

/** Repeated headers get « (2)», « (3)» so that each column has its own name in a mapping. */
export function uniqueColumns(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    const base = h || `Столбец ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
