import type { Localized } from '../../platform/registry/registry.js';
import type { EntityType } from './schema.js';

export type ColumnKind = 'id' | 'text' | 'money' | 'date' | 'datetime' | 'user' | 'stage' | 'company' | 'typed' | 'path' | 'activities';

export interface ColumnSpec {
  key: string;
  label: Localized;
  /** Column of the item's table; none for computed columns. */
  column?: string;
  kind: ColumnKind;
  sortable: boolean;
  /** Shown when the user has not chosen columns. */
  byDefault?: boolean;
}

export interface EntitySpec {
  type: EntityType;
  table: 'crm_lead' | 'crm_deal' | 'crm_contact' | 'crm_company';
  /** Stage (deal) or status (lead) column and its denormalised kind. */
  stageColumn?: 'stage_id' | 'status_id';
  stageKindColumn?: 'stage_kind' | 'status_kind';
  title: Localized;
  url: (id: number) => string;
  columns: ColumnSpec[];
}

const L = (ru: string, en: string): Localized => ({ ru, en });

/** «Дела»: the item's planned activities, how many are overdue and the nearest deadline (computed, not a column). */
const activities: ColumnSpec = { key: 'activities', label: L('Дела', 'Activities'), kind: 'activities', sortable: false, byDefault: true };

const common: ColumnSpec[] = [
  { key: 'responsible', label: L('Ответственный', 'Responsible'), column: 'responsible_id', kind: 'user', sortable: true, byDefault: true },
  { key: 'phones', label: L('Телефон', 'Phone'), column: 'phones', kind: 'typed', sortable: false },
  { key: 'emails', label: L('E-mail', 'E-mail'), column: 'emails', kind: 'typed', sortable: false },
  { key: 'clientPath', label: L('Путь клиента', 'Client path'), kind: 'path', sortable: false },
  { key: 'source', label: L('Источник', 'Source'), column: 'source', kind: 'text', sortable: true },
  { key: 'createdAt', label: L('Дата создания', 'Created'), column: 'created_at', kind: 'datetime', sortable: true, byDefault: true },
  { key: 'updatedAt', label: L('Дата изменения', 'Modified'), column: 'updated_at', kind: 'datetime', sortable: true },
];

export const SPECS: Record<EntityType, EntitySpec> = {
  deal: {
    type: 'deal',
    table: 'crm_deal',
    stageColumn: 'stage_id',
    stageKindColumn: 'stage_kind',
    title: L('Сделки', 'Deals'),
    url: (id) => `/crm/deal/details/${id}`,
    columns: [
      { key: 'id', label: L('ID', 'ID'), column: 'id', kind: 'id', sortable: true },
      { key: 'title', label: L('Название', 'Title'), column: 'title', kind: 'text', sortable: true, byDefault: true },
      { key: 'stage', label: L('Стадия', 'Stage'), column: 'stage_id', kind: 'stage', sortable: true, byDefault: true },
      { key: 'amount', label: L('Сумма', 'Amount'), column: 'amount', kind: 'money', sortable: true, byDefault: true },
      { key: 'company', label: L('Компания', 'Company'), column: 'company_id', kind: 'company', sortable: false, byDefault: true },
      { key: 'closeDate', label: L('Дата завершения', 'Close date'), column: 'close_date', kind: 'date', sortable: true },
      { key: 'beginDate', label: L('Дата начала', 'Start date'), column: 'begin_date', kind: 'date', sortable: true },
      activities,
      ...common,
    ],
  },
  lead: {
    type: 'lead',
    table: 'crm_lead',
    stageColumn: 'status_id',
    stageKindColumn: 'status_kind',
    title: L('Лиды', 'Leads'),
    url: (id) => `/crm/lead/details/${id}`,
    columns: [
      { key: 'id', label: L('ID', 'ID'), column: 'id', kind: 'id', sortable: true },
      { key: 'title', label: L('Название лида', 'Lead title'), column: 'title', kind: 'text', sortable: true, byDefault: true },
      { key: 'stage', label: L('Статус', 'Status'), column: 'status_id', kind: 'stage', sortable: true, byDefault: true },
      { key: 'name', label: L('Имя', 'Name'), column: 'last_name', kind: 'text', sortable: true, byDefault: true },
      activities,
      { key: 'companyTitle', label: L('Название компании', 'Company name'), column: 'company_title', kind: 'text', sortable: true },
      { key: 'amount', label: L('Сумма', 'Amount'), column: 'amount', kind: 'money', sortable: true },
      ...common,
    ],
  },
  contact: {
    type: 'contact',
    table: 'crm_contact',
    title: L('Контакты', 'Contacts'),
    url: (id) => `/crm/contact/details/${id}`,
    columns: [
      { key: 'id', label: L('ID', 'ID'), column: 'id', kind: 'id', sortable: true },
      { key: 'name', label: L('Контакт', 'Contact'), column: 'last_name', kind: 'text', sortable: true, byDefault: true },
      activities,
      { key: 'position', label: L('Должность', 'Position'), column: 'position', kind: 'text', sortable: true },
      { key: 'birthday', label: L('Дата рождения', 'Birthday'), column: 'birthday', kind: 'date', sortable: true },
      ...common.map((c) => (c.key === 'phones' || c.key === 'emails' ? { ...c, byDefault: true } : c)),
    ],
  },
  company: {
    type: 'company',
    table: 'crm_company',
    title: L('Компании', 'Companies'),
    url: (id) => `/crm/company/details/${id}`,
    columns: [
      { key: 'id', label: L('ID', 'ID'), column: 'id', kind: 'id', sortable: true },
      { key: 'title', label: L('Название компании', 'Company'), column: 'title', kind: 'text', sortable: true, byDefault: true },
      activities,
      { key: 'industry', label: L('Вид деятельности', 'Industry'), column: 'industry', kind: 'text', sortable: true },
      { key: 'revenue', label: L('Выручка', 'Revenue'), column: 'revenue', kind: 'money', sortable: true },
      { key: 'inn', label: L('ИНН', 'INN'), column: 'inn', kind: 'text', sortable: true },
      ...common.map((c) => (c.key === 'clientPath' ? { ...c, byDefault: true } : c)),
    ],
  },
};

export function specOf(entity: EntityType): EntitySpec {
  return SPECS[entity];
}
