import type { FieldOwner, RuleKind } from '@vavilon/contracts';
import { crmT } from '../crm/i18n';

/** The robot types of the designer's list, grouped as the manual names them. */
export const ROBOT_GROUPS: { group: string; types: string[] }[] = [
  { group: 'groupTasks', types: ['task.create', 'task.complete', 'task.deadline.shift', 'task.deadline.request'] },
  { group: 'groupActivities', types: ['activity.create'] },
  { group: 'groupDeal', types: ['stage.change', 'responsible.change', 'field.set', 'fields.check'] },
  { group: 'groupPeople', types: ['comment.add', 'notify'] },
  { group: 'groupOther', types: ['wait', 'webhook.call'] },
];
export const ROBOT_TYPES = ROBOT_GROUPS.flatMap((g) => g.types);
export const TRIGGER_TYPES = ['field.value', 'task.completed', 'activity.completed', 'pipeline.item', 'webhook'];

export const typesOf = (kind: RuleKind) => (kind === 'robot' ? ROBOT_TYPES : TRIGGER_TYPES);

/** A fresh configuration of a type, before the user fills it in. */
export function defaultConfig(type: string): Record<string, unknown> {
  switch (type) {
    case 'task.create':
      return { title: '', description: '', responsible: { kind: 'responsible' }, deadline: { amount: 1, unit: 'days' }, deadlineLocked: false, checklist: [], observers: [] };
    case 'task.complete':
      return { task: { kind: 'all_open' } };
    case 'task.deadline.shift':
      return { task: { kind: 'all_open' }, days: 1 };
    case 'task.deadline.request':
      return { task: { kind: 'all_open' }, who: { kind: 'responsible' }, prompt: '' };
    case 'stage.change':
      return { stageId: 0 };
    case 'responsible.change':
      return { who: { kind: 'responsible_head' } };
    case 'field.set':
      return { field: '', value: null };
    case 'fields.check':
      return { owner: 'item', fields: [], onFailure: { notify: [], comment: null, task: null } };
    case 'activity.create':
      return { type: 'call', subject: '', description: '', responsible: { kind: 'responsible' }, deadline: { amount: 1, unit: 'days' }, remindBefore: 15, priority: 'normal' };
    case 'comment.add':
      return { text: '' };
    case 'notify':
      return { who: [{ kind: 'responsible' }], text: '' };
    case 'wait':
      return { condition: { join: 'all', terms: [{ owner: 'item', field: '', op: 'filled' }] }, timeoutDays: 30 };
    case 'webhook.call':
      return { url: '', method: 'POST', fields: [] };
    case 'field.value':
      return { allowBackwards: false, field: '', value: null };
    case 'task.completed':
      return { allowBackwards: false, ruleId: null };
    case 'activity.completed':
      return { allowBackwards: false, activityType: null };
    case 'pipeline.item':
      return { allowBackwards: false, pipelineId: 0, stageKinds: ['progress', 'success'] };
    case 'webhook':
      return { allowBackwards: false };
    default:
      return {};
  }
}

export type FieldKind = 'string' | 'text' | 'number' | 'money' | 'date' | 'datetime' | 'list' | 'boolean' | 'employee' | 'crm' | 'file' | 'url' | 'multi';

/** A field a robot, a trigger or a condition can name: its code as the server reads it, its label, kind and list options. */
export interface FieldChoice {
  code: string;
  label: string;
  kind: FieldKind;
  options: { id: string; label: string }[];
  custom: boolean;
}

/** The standard columns of each owner, by the names the engine reads (`fields/values.ts`). */
const STANDARD: Record<FieldOwner, { code: string; label: string; kind: FieldKind }[]> = {
  item: [
    { code: 'title', label: 'dealTitle', kind: 'string' },
    { code: 'amount', label: 'amount', kind: 'money' },
    { code: 'responsible_id', label: 'responsible', kind: 'employee' },
    { code: 'company_id', label: 'company', kind: 'crm' },
    { code: 'begin_date', label: 'beginDate', kind: 'date' },
    { code: 'close_date', label: 'closeDate', kind: 'date' },
    { code: 'comments', label: 'comments', kind: 'text' },
  ],
  company: [
    { code: 'title', label: 'companyTitle', kind: 'string' },
    { code: 'industry', label: 'industry', kind: 'string' },
    { code: 'revenue', label: 'revenue', kind: 'money' },
    { code: 'phones', label: 'phones', kind: 'multi' },
    { code: 'emails', label: 'emails', kind: 'multi' },
    { code: 'address', label: 'address', kind: 'string' },
    { code: 'inn', label: 'inn', kind: 'string' },
    { code: 'kpp', label: 'kpp', kind: 'string' },
    { code: 'ogrn', label: 'ogrn', kind: 'string' },
    { code: 'responsible_id', label: 'responsible', kind: 'employee' },
  ],
  contact: [
    { code: 'last_name', label: 'lastName', kind: 'string' },
    { code: 'first_name', label: 'firstName', kind: 'string' },
    { code: 'middle_name', label: 'middleName', kind: 'string' },
    { code: 'position', label: 'position', kind: 'string' },
    { code: 'phones', label: 'phones', kind: 'multi' },
    { code: 'emails', label: 'emails', kind: 'multi' },
    { code: 'birthday', label: 'birthday', kind: 'date' },
    { code: 'responsible_id', label: 'responsible', kind: 'employee' },
  ],
};

export function standardFields(owner: FieldOwner): FieldChoice[] {
  return STANDARD[owner].map((f) => ({ code: f.code, label: crmT(`fields.${f.label}`), kind: f.kind, options: [], custom: false }));
}

export const ownerEntity = (owner: FieldOwner) => (owner === 'item' ? 'deal' : owner);
