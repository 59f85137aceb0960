import type { StageKind } from '../../crm/api.js';

/**
 * «Воронка обзвона» as code names it: the pipeline, its stages, its result fields and their
 * options, and the client fields its checks require. Other parts and the tests rely on these.
 */
export const CALLS_PIPELINE = { code: 'calls', name: 'Воронка обзвона' } as const;

export const TM_DEPARTMENT = 'Отдел телемаркетинга';

export const CALL_STAGES: { code: CallStage; name: string; color: string; kind: StageKind }[] = [
  { code: 'NEW', name: 'Новая заявка', color: '#39a8ef', kind: 'progress' },
  { code: 'UNSORTED', name: 'Неразобранные', color: '#2fc6f6', kind: 'progress' },
  { code: 'CONTACT', name: 'Первичный контакт', color: '#55d0e0', kind: 'progress' },
  { code: 'WARM', name: 'Тёплые', color: '#ffa900', kind: 'progress' },
  { code: 'HOT', name: 'Горячие', color: '#ff7b3a', kind: 'progress' },
  { code: 'WON', name: 'Успешно', color: '#7bd500', kind: 'success' },
  { code: 'NOT_OUR', name: 'Не наш профиль', color: '#a8adb4', kind: 'failure' },
  { code: 'LOSE', name: 'Не успешно', color: '#ff5752', kind: 'failure' },
];
export type CallStage = 'NEW' | 'UNSORTED' | 'CONTACT' | 'WARM' | 'HOT' | 'WON' | 'NOT_OUR' | 'LOSE';

export const RESULT = {
  qualify: 'uf_calls_qualify',
  findLpr: 'uf_calls_find_lpr',
  interestWarm: 'uf_calls_interest_warm',
  interestHot: 'uf_calls_interest_hot',
} as const;

const yes = { id: 'yes', label: 'Да' };
const no = { id: 'no', label: 'Нет' };
const noAnswer = { id: 'no_answer', label: 'Недозвон' };

/** The «Результаты» fields: deal list fields marked `settings.result`, options by id. */
export const RESULT_FIELDS: { code: string; label: string; options: { id: string; label: string }[] }[] = [
  { code: RESULT.qualify, label: 'Квалифицировать', options: [yes, no] },
  { code: RESULT.findLpr, label: 'Найти ЛПР', options: [yes, no, noAnswer] },
  { code: RESULT.interestWarm, label: 'Узнать интерес (Тёплые)', options: [yes, no, noAnswer] },
  {
    code: RESULT.interestHot,
    label: 'Узнать интерес (Горячие)',
    options: [{ id: 'no_work', label: 'Нет работы' }, { id: 'promised', label: 'Обещали заявку' }, noAnswer],
  },
];

/** The card block that holds them. */
export const RESULTS_BLOCK = 'results';

/** What «Квалифицировать — Да» needs of the company: вид деятельности, выручка, телефон, email, ИНН. */
export const COMPANY_REQUIRED = ['industry', 'revenue', 'phones', 'emails', 'inn'];
/** What «Найти ЛПР — Да» needs of the contact: ФИО, телефон, email, должность. */
export const CONTACT_REQUIRED = ['last_name', 'first_name', 'phones', 'emails', 'position'];
