import { robotConfigs, triggerConfigs, type Condition, type FieldOwner, type RobotStart, type RuleKind, type RuleProblem } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import type { Database } from '../../../platform/db/schema.js';
import { localizeIssues } from '../../../platform/http/validation.js';
import { t, type MessageKey } from '../../../platform/i18n/index.js';
import { fieldDefs, pipelineRows, stageRows, type DealRow } from '../../crm/api.js';
import { departmentsHeadedBy, people } from '../../users/api.js';
import type { LoadedRule } from '../core/types.js';
import { pipelineRules } from './store.js';

/**
 * What a rule points at — stages, fields, employees, departments, pipelines, other rules — and
 * which of those are gone: the designer shows such a rule as broken, and a save that points at
 * something gone is refused with the same words.
 */

type Columns<T> = Record<Exclude<keyof T, 'custom' | 'portal_id'>, true>;
const DEAL_COLUMNS: Columns<DealRow> = {
  id: true,
  title: true,
  pipeline_id: true,
  stage_id: true,
  stage_kind: true,
  amount: true,
  currency: true,
  company_id: true,
  begin_date: true,
  close_date: true,
  lead_id: true,
  stage_changed_at: true,
  kanban_sort: true,
  amount_manual: true,
  phones: true,
  emails: true,
  websites: true,
  messengers: true,
  responsible_id: true,
  source: true,
  utm_source: true,
  utm_medium: true,
  utm_campaign: true,
  utm_content: true,
  utm_term: true,
  first_touch_at: true,
  comments: true,
  search_text: true,
  created_by: true,
  created_at: true,
  updated_at: true,
  version: true,
};
const CLIENT = {
  id: true,
  phones: true,
  emails: true,
  websites: true,
  messengers: true,
  responsible_id: true,
  source: true,
  utm_source: true,
  utm_medium: true,
  utm_campaign: true,
  utm_content: true,
  utm_term: true,
  first_touch_at: true,
  comments: true,
  search_text: true,
  created_by: true,
  created_at: true,
  updated_at: true,
  version: true,
} as const;
const COMPANY_COLUMNS: Columns<Selectable<Database['crm_company']>> = {
  ...CLIENT,
  title: true,
  industry: true,
  revenue: true,
  revenue_currency: true,
  address: true,
  inn: true,
  kpp: true,
  ogrn: true,
};
const CONTACT_COLUMNS: Columns<Selectable<Database['crm_contact']>> = {
  ...CLIENT,
  last_name: true,
  first_name: true,
  middle_name: true,
  position: true,
  photo_url: true,
  birthday: true,
};
const STANDARD: Record<FieldOwner, Set<string>> = {
  item: new Set(Object.keys(DEAL_COLUMNS)),
  company: new Set(Object.keys(COMPANY_COLUMNS)),
  contact: new Set(Object.keys(CONTACT_COLUMNS)),
};
/** The deal's own date columns a delay may count from. */
const DEAL_DATES = new Set(['begin_date', 'close_date', 'created_at', 'updated_at', 'stage_changed_at', 'first_touch_at']);

/** A rule as its references are checked: stored, or about to be. */
export interface RuleShape {
  id?: number;
  kind: RuleKind;
  pipelineId: number;
  stageId: number;
  type: string;
  config: Record<string, unknown>;
  condition: Condition | null;
  start: RobotStart;
}

type Ref =
  | { kind: 'stage'; path: string; id: unknown }
  | { kind: 'field'; path: string; owner: FieldOwner; code: unknown; date?: boolean }
  | { kind: 'user'; path: string; id: unknown }
  | { kind: 'department'; path: string; id: unknown }
  | { kind: 'pipeline'; path: string; id: unknown }
  | { kind: 'rule'; path: string; id: unknown };

/** Every reference a rule's settings hold, each with its path in the rule (`config.responsible.userId`). */
export function referencesOf(rule: RuleShape): Ref[] {
  const out: Ref[] = [{ kind: 'stage', path: 'stageId', id: rule.stageId }];
  const cond = (c: Condition | null | undefined, at: string) =>
    c?.terms?.forEach((term, i) => out.push({ kind: 'field', path: `${at}.terms.${i}.field`, owner: term.owner ?? 'item', code: term.field }));
  cond(rule.condition, 'condition');
  const c = rule.config ?? {};
  // Who and TaskRef may sit anywhere in a configuration: found by their shape.
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}.${i}`));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.kind === 'user' && 'userId' in o) out.push({ kind: 'user', path: `${path}.userId`, id: o.userId });
    if (o.kind === 'department_head' && 'departmentId' in o) out.push({ kind: 'department', path: `${path}.departmentId`, id: o.departmentId });
    if (o.kind === 'robot' && 'ruleId' in o) out.push({ kind: 'rule', path: `${path}.ruleId`, id: o.ruleId });
    for (const [k, x] of Object.entries(o)) if (k !== 'condition') walk(x, `${path}.${k}`);
  };
  walk(c, 'config');
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  if (rule.kind === 'robot') {
    if (rule.start?.on === 'field' && rule.start.field) out.push({ kind: 'field', path: 'start.field', owner: 'item', code: rule.start.field });
    if (rule.start?.delay?.mode === 'at') out.push({ kind: 'field', path: 'start.delay.field', owner: 'item', code: rule.start.delay.field, date: true });
    switch (rule.type) {
      case 'stage.change':
        out.push({ kind: 'stage', path: 'config.stageId', id: c.stageId });
        break;
      case 'field.set':
        out.push({ kind: 'field', path: 'config.field', owner: 'item', code: c.field });
        break;
      case 'fields.check': {
        const owner = (['item', 'company', 'contact'] as const).find((o) => o === c.owner) ?? 'item';
        list(c.fields).forEach((f, i) => out.push({ kind: 'field', path: `config.fields.${i}`, owner, code: f }));
        break;
      }
      case 'webhook.call':
        list(c.fields).forEach((f, i) => out.push({ kind: 'field', path: `config.fields.${i}`, owner: 'item', code: f }));
        break;
      case 'wait':
        cond(c.condition as Condition | undefined, 'config.condition');
        break;
    }
  } else {
    switch (rule.type) {
      case 'field.value':
        out.push({ kind: 'field', path: 'config.field', owner: 'item', code: c.field });
        break;
      case 'task.completed':
        if (c.ruleId !== null && c.ruleId !== undefined) out.push({ kind: 'rule', path: 'config.ruleId', id: c.ruleId });
        break;
      case 'pipeline.item':
        out.push({ kind: 'pipeline', path: 'config.pipelineId', id: c.pipelineId });
        break;
    }
  }
  return out;
}

export interface Problem {
  path: string;
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** What the checks need, read once for a set of rules. */
export interface Known {
  stagesOf: Map<number, Set<number>>;
  fields: Record<FieldOwner, Map<string, { type: string }>>;
  users: Map<number, { active: boolean; fullName: string }>;
  departments: Set<number>;
  pipelines: Set<number>;
  rulesOf: Map<number, Set<number>>;
}

export async function loadKnown(ctx: Ctx, rules: RuleShape[], extraRules: Map<number, Set<number>> = new Map()): Promise<Known> {
  const pipelineIds = [...new Set(rules.map((r) => r.pipelineId))];
  const userIds = new Set<number>();
  for (const r of rules) for (const ref of referencesOf(r)) if (ref.kind === 'user' && typeof ref.id === 'number') userIds.add(ref.id);
  const [pipes, deptList, users, dealDefs, companyDefs, contactDefs] = await Promise.all([
    pipelineRows(ctx),
    departmentsHeadedBy(ctx, null),
    people(ctx, userIds),
    fieldDefs(ctx, 'deal'),
    fieldDefs(ctx, 'company'),
    fieldDefs(ctx, 'contact'),
  ]);
  const stagesOf = new Map<number, Set<number>>();
  const rulesOf = new Map<number, Set<number>>();
  for (const id of pipelineIds) {
    stagesOf.set(id, new Set((await stageRows(ctx, id)).map((s) => s.id)));
    rulesOf.set(id, extraRules.get(id) ?? new Set((await pipelineRules(ctx, id)).map((r) => r.id)));
  }
  const defs = (list: { code: string; type: string }[]) => new Map(list.map((d) => [d.code, { type: d.type }]));
  return {
    stagesOf,
    rulesOf,
    fields: { item: defs(dealDefs), company: defs(companyDefs), contact: defs(contactDefs) },
    users: new Map([...users.values()].map((u) => [u.id, { active: u.active, fullName: u.fullName }])),
    departments: new Set(deptList.map((d) => d.id)),
    pipelines: new Set(pipes.map((p) => p.id)),
  };
}

const fieldExists = (known: Known, owner: FieldOwner, code: string) => STANDARD[owner].has(code) || known.fields[owner].has(code);

/** Whether `code` names a date of the deal: one of its own date columns or a custom date field. */
export function isDealDate(known: Known, code: string): boolean {
  if (DEAL_DATES.has(code)) return true;
  const d = known.fields.item.get(code);
  return d?.type === 'date' || d?.type === 'datetime';
}

/** What is gone among what one rule points at. */
export function problemsOf(known: Known, rule: RuleShape): Problem[] {
  const out: Problem[] = [];
  const schemas = (rule.kind === 'robot' ? robotConfigs : triggerConfigs) as Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }>;
  const schema = Object.hasOwn(schemas, rule.type) ? schemas[rule.type] : undefined;
  if (!schema) out.push({ path: 'type', key: rule.kind === 'robot' ? 'automation.problem_robot_type' : 'automation.problem_trigger_type' });
  for (const ref of referencesOf(rule)) {
    switch (ref.kind) {
      case 'stage':
        if (typeof ref.id !== 'number' || !known.stagesOf.get(rule.pipelineId)?.has(ref.id)) out.push({ path: ref.path, key: 'automation.problem_stage' });
        break;
      case 'field':
        if (typeof ref.code === 'string' && !fieldExists(known, ref.owner, ref.code)) out.push({ path: ref.path, key: 'automation.problem_field', params: { field: ref.code } });
        break;
      case 'user': {
        const u = typeof ref.id === 'number' ? known.users.get(ref.id) : undefined;
        if (!u) out.push({ path: ref.path, key: 'automation.problem_user' });
        else if (!u.active) out.push({ path: ref.path, key: 'automation.problem_user_inactive', params: { name: u.fullName } });
        break;
      }
      case 'department':
        if (typeof ref.id !== 'number' || !known.departments.has(ref.id)) out.push({ path: ref.path, key: 'automation.problem_department' });
        break;
      case 'pipeline':
        if (typeof ref.id !== 'number' || !known.pipelines.has(ref.id)) out.push({ path: ref.path, key: 'automation.problem_pipeline' });
        break;
      case 'rule':
        if (typeof ref.id !== 'number' || !known.rulesOf.get(rule.pipelineId)?.has(ref.id)) out.push({ path: ref.path, key: 'automation.problem_rule' });
        break;
    }
  }
  return out;
}

/** A stored configuration that no longer fits its type's schema (the schema changed): each issue as a problem, in the reader's language. */
function configProblems(ctx: Ctx, rule: RuleShape): RuleProblem[] {
  const schemas = (rule.kind === 'robot' ? robotConfigs : triggerConfigs) as Record<string, { safeParse(v: unknown, o?: object): any }>;
  if (!Object.hasOwn(schemas, rule.type)) return [];
  const parsed = schemas[rule.type]!.safeParse(rule.config, { reportInput: true });
  if (parsed.success) return [];
  return localizeIssues(parsed.error.issues, ctx.lang).map((i) => ({
    path: i.field === '_' ? 'config' : `config.${i.field}`,
    message: t(ctx.lang, 'automation.problem_config', { message: i.message }),
  }));
}

export const problemText = (ctx: Pick<Ctx, 'lang'>, p: Problem): RuleProblem => ({ path: p.path, message: t(ctx.lang, p.key, p.params) });

/**
 * What is broken in each of `rules` (a deleted or foreign stage, a field, an employee, a
 * department, a pipeline or a rule that is gone, a type that no longer exists), by rule id,
 * in the reader's language. The engine may use it to say why a rule cannot run.
 */
export async function ruleProblems(ctx: Ctx, rules: LoadedRule[], known?: Known): Promise<Map<number, RuleProblem[]>> {
  const k = known ?? (await loadKnown(ctx, rules));
  return new Map(rules.map((r) => [r.id, [...problemsOf(k, r).map((p) => problemText(ctx, p)), ...configProblems(ctx, r)]]));
}
