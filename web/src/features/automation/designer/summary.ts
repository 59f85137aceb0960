import type { Condition, FieldOwner, Rule } from '@vavilon/contracts';
import { useFieldChoices } from './inputs';
import type { FieldChoice } from '../vocabulary';
import { formatNumber } from '../../../ui/format';
import { autoT } from '../words';

export type FieldLookup = (owner: FieldOwner, code: string) => FieldChoice | undefined;

/** Finds any owner's field by code (for the cards' summaries). */
export function useFieldLookup(): FieldLookup {
  const item = useFieldChoices('item');
  const company = useFieldChoices('company');
  const contact = useFieldChoices('contact');
  return (owner, code) => (owner === 'item' ? item : owner === 'company' ? company : contact).find((f) => f.code === code);
}

export function typeLabel(type: string): string {
  const key = `types.${type}`;
  const word = autoT(key);
  return word === key ? autoT('types.unknown', { type }) : word;
}

function minutesText(m: number): string {
  if (m % 1440 === 0) return `${m / 1440} ${autoT('units.days')}`;
  if (m % 60 === 0) return `${m / 60} ${autoT('units.hours')}`;
  return `${m} ${autoT('units.minutes')}`;
}

function valueText(field: FieldChoice | undefined, value: unknown): string {
  const one = (v: unknown) => {
    if (field?.kind === 'list') return field.options.find((o) => o.id === String(v))?.label ?? String(v);
    if (field?.kind === 'boolean') return v === true || v === 'true' ? autoT('form.yes') : autoT('form.no');
    if (typeof v === 'number') return formatNumber(v);
    return v === null || v === undefined || v === '' ? '—' : String(v);
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}

const OP_SIGN: Record<string, string> = { eq: '=', ne: '≠', gt: '>', lt: '<' };

export function conditionText(condition: Condition, lookup: FieldLookup): string {
  return condition.terms
    .map((term) => {
      const field = lookup(term.owner ?? 'item', term.field);
      const label = field?.label ?? term.field;
      const owner = term.owner && term.owner !== 'item' ? `${autoT(term.owner === 'company' ? 'form.ownerCompany' : 'form.ownerContact')}: ` : '';
      if (term.op === 'filled' || term.op === 'empty') return `${owner}${label} ${autoT(`form.op.${term.op}`)}`;
      const sign = OP_SIGN[term.op] ?? autoT(`form.op.${term.op}`);
      return `${owner}${label} ${sign} ${valueText(field, term.value)}`;
    })
    .join(autoT(condition.join === 'any' ? 'start.or' : 'start.and'));
}

/** «При попадании на стадию · через 1 ч · после предыдущего». */
export function startText(rule: Rule, lookup: FieldLookup, first = false): string {
  const s = rule.start;
  const parts = [s.on === 'field' ? autoT('start.field', { field: lookup('item', s.field ?? '')?.label ?? s.field }) : autoT('start.entry')];
  const d = s.delay;
  if (d.mode === 'now') parts.push(autoT('start.now'));
  else if (d.mode === 'after') parts.push(autoT('start.after', { time: minutesText(d.minutes) }));
  else {
    const field = lookup('item', d.field)?.label ?? d.field;
    parts.push(d.offsetMinutes ? autoT('start.atOffset', { field, offset: `${d.offsetMinutes > 0 ? '+' : '−'}${minutesText(Math.abs(d.offsetMinutes))}` }) : autoT('start.at', { field }));
  }
  if (!first) parts.push(autoT(s.afterPrevious ? 'start.afterPrevious' : 'start.together'));
  return parts.join(' · ');
}
