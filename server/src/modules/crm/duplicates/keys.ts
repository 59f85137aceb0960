import type { DuplicateReason, TypedValue } from '@vavilon/contracts';
import { parseJson } from '../values.js';
import { contactNameKey, normalizeCompanyTitle, normalizeEmailKey, normalizeInn, normalizePersonName, normalizePhoneKey } from './normalize.js';

export type DupKind = DuplicateReason;
export interface DupKey {
  kind: DupKind;
  key: string;
}

/** Longer keys are cut: the index column is bounded and such values match nothing useful anyway. */
const MAX_KEY = 200;

function unique(keys: (DupKey | null)[]): DupKey[] {
  const seen = new Set<string>();
  const out: DupKey[] = [];
  for (const k of keys) {
    if (!k) continue;
    const key = k.key.slice(0, MAX_KEY);
    const id = `${k.kind}:${key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ kind: k.kind, key });
  }
  return out;
}

const values = (json: string | TypedValue[] | null | undefined): string[] =>
  (typeof json === 'string' ? parseJson<TypedValue[]>(json, []) : (json ?? [])).map((v) => v?.value ?? '').filter((v): v is string => typeof v === 'string');

const phoneKeys = (list: string[]) => list.map((p) => normalizePhoneKey(p)).map((key) => (key ? { kind: 'phone' as const, key } : null));
const emailKeys = (list: string[]) => list.map((p) => normalizeEmailKey(p)).map((key) => (key ? { kind: 'email' as const, key } : null));

/** What a contact is found by: its phones, e-mails and name (once with each of its companies, or alone). */
export function contactKeys(c: { phones: string[]; emails: string[]; lastName: string | null; firstName: string | null; companyTitles: string[] }): DupKey[] {
  const name = normalizePersonName(c.lastName, c.firstName);
  const companies = [...new Set(c.companyTitles.map((t) => normalizeCompanyTitle(t)).filter((t): t is string => t !== null))];
  const names = name ? (companies.length ? companies.map((t) => contactNameKey(name, t)) : [name]) : [];
  return unique([...phoneKeys(c.phones), ...emailKeys(c.emails), ...names.map((key) => ({ kind: 'name' as const, key }))]);
}

/** What a company is found by: its phones, e-mails, name without the legal form, and ИНН. */
export function companyKeys(c: { phones: string[]; emails: string[]; title: string | null; inn: string | null }): DupKey[] {
  const title = normalizeCompanyTitle(c.title);
  const inn = normalizeInn(c.inn);
  return unique([...phoneKeys(c.phones), ...emailKeys(c.emails), title ? { kind: 'title', key: title } : null, inn ? { kind: 'inn', key: inn } : null]);
}

/** A stored contact row's keys (phones and e-mails are JSON lists of typed values). */
export function contactRowKeys(r: { phones: string; emails: string; last_name: string; first_name: string }, companyTitles: string[]): DupKey[] {
  return contactKeys({ phones: values(r.phones), emails: values(r.emails), lastName: r.last_name, firstName: r.first_name, companyTitles });
}

export function companyRowKeys(r: { phones: string; emails: string; title: string; inn: string | null }): DupKey[] {
  return companyKeys({ phones: values(r.phones), emails: values(r.emails), title: r.title, inn: r.inn });
}

/** How sure a shared key makes a match, 0–100; a contact's name alone (no company) is a weak hint. */
export function weight(kind: DupKind, key: string): number {
  switch (kind) {
    case 'inn':
      return 95;
    case 'email':
      return 90;
    case 'phone':
      return 85;
    case 'title':
      return 60;
    case 'name':
      return key.includes('|') ? 70 : 40;
  }
}

/** Several shared keys add up: 1 − Π(1 − wᵢ), as a whole percent below 100. */
export function scoreOf(matches: DupKey[]): number {
  let miss = 1;
  for (const m of matches) miss *= 1 - weight(m.kind, m.key) / 100;
  return Math.min(99, Math.round((1 - miss) * 100));
}
