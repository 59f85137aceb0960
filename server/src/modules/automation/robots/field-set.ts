import { DealInput } from '@vavilon/contracts';
import { errors } from '../../../platform/errors.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { changeDeal, fieldDefs, type DealPatch } from '../../crm/api.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { fillText } from '../fields/placeholders.js';
import { fieldLabels } from '../fields/labels.js';
import { inEachLanguageAsync, refusal } from './common.js';

/** The deal's standard fields a robot may set, by the column name conditions use (the API's name works too). */
const COLUMNS: Record<string, keyof DealPatch> = {
  title: 'title',
  amount: 'amount',
  currency: 'currency',
  company_id: 'companyId',
  responsible_id: 'responsibleId',
  observer_ids: 'observerIds',
  begin_date: 'beginDate',
  close_date: 'closeDate',
  comments: 'comments',
  source: 'source',
  utm_source: 'utmSource',
  utm_medium: 'utmMedium',
  utm_campaign: 'utmCampaign',
  utm_content: 'utmContent',
  utm_term: 'utmTerm',
};
const API_NAMES = new Map(Object.entries(COLUMNS).map(([column, key]) => [key as string, column]));

const shown = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * «Изменить поле»: a standard or custom field of the deal takes the value (texts with their
 * placeholders filled), checked by the CRM's own rules; a value it refuses fails the robot with the CRM's words.
 */
export const fieldSetRobot = defineRobot({
  type: 'field.set',
  async run({ ctx, deal, config }): Promise<RobotOutcome> {
    const defs = await fieldDefs(ctx, 'deal');
    const column = API_NAMES.get(config.field) ?? config.field;
    const custom = defs.find((d) => d.code === config.field);
    if (!custom && !COLUMNS[column]) return { status: 'failed', message: { key: 'automation.robots.field.unknown', params: { field: config.field } } };
    const value = typeof config.value === 'string' ? await fillText(ctx, deal, config.value) : config.value;
    const labelCode = custom ? custom.code : column;
    const label = await inEachLanguageAsync('field', async (lang) => (await fieldLabels(ctx, 'item', [labelCode], lang))[0]!);
    const patch: Record<string, unknown> = custom ? { custom: { [custom.code]: value ?? null } } : { [COLUMNS[column]!]: value };
    const parsed = DealInput.partial().safeParse(patch);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const reason = issue?.message && issue.message.includes('.') && !issue.message.includes(' ') ? issue.message : 'crm.field_invalid';
      return { status: 'failed', message: { key: 'automation.robots.field.rejected', params: { ...label, ...refusal(errors.field(config.field, reason as MessageKey)) } } };
    }
    try {
      await changeDeal(ctx, deal.id, parsed.data as DealPatch);
    } catch (err) {
      return { status: 'failed', message: { key: 'automation.robots.field.rejected', params: { ...label, ...refusal(err) } } };
    }
    const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length);
    if (empty) return { status: 'done', message: { key: 'automation.robots.field.cleared', params: label } };
    const options = custom?.type === 'list' ? custom.options : [];
    const text = options.length ? shown(([] as unknown[]).concat(value).map((v) => options.find((o) => o.id === v)?.label ?? v)) : shown(value);
    return { status: 'done', message: { key: 'automation.robots.field.set', params: { ...label, value: text.slice(0, 200) } } };
  },
});
