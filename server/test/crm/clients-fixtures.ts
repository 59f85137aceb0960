import type { LightMyRequestResponse } from 'fastify';
import type { Scope } from '@vavilon/contracts';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../harness.js';
import { uniformPermissions } from '../../src/modules/crm/rights.js';
import { nowIso } from '../../src/platform/db/database.js';

/** A test app with two portals and signed-in users of the first (and the administrator of the second). */
export interface ClientsWorld {
  t: TestApp;
  p: TestPortal;
  admin: Agent;
  head: Agent;
  employee: Agent;
  other: Agent;
  /** The administrator of another portal: every id of the first portal is "not found" to them. */
  stranger: Agent;
  strangerPortal: TestPortal;
}

export async function clientsWorld(): Promise<ClientsWorld> {
  const t = await startTestApp();
  const p = await buildPortal(t);
  const strangerPortal = await buildPortal(t);
  for (const portal of [p, strangerPortal]) await ensureLeadStatuses(t, portal);
  const [admin, head, employee, other, stranger] = await Promise.all([
    signIn(t, p.portal.name, p.users.admin.email),
    signIn(t, p.portal.name, p.users.head.email),
    signIn(t, p.portal.name, p.users.employee.email),
    signIn(t, p.portal.name, p.users.other.email),
    signIn(t, strangerPortal.portal.name, strangerPortal.users.admin.email),
  ]);
  return { t, p, admin, head, employee, other, stranger, strangerPortal };
}

/** Lead statuses come with every portal (provisionCrm); they are added here only if a build lacks them. */
async function ensureLeadStatuses(t: TestApp, p: TestPortal): Promise<void> {
  const db = t.platform.db;
  const have = await db.selectFrom('crm_stage').select('id').where('portal_id', '=', p.portal.id).where('entity_type', '=', 'lead').execute();
  if (have.length) return;
  const rows = [
    ['Не обработан', 'progress'],
    ['В работе', 'progress'],
    ['Качественный лид', 'success'],
    ['Некачественный лид', 'failure'],
  ] as const;
  await db
    .insertInto('crm_stage')
    .values(rows.map(([name, kind], i) => ({ portal_id: p.portal.id, entity_type: 'lead' as const, pipeline_id: null, name, code: null, color: '#39a8ef', sort: (i + 1) * 10, kind, version: 1 })))
    .execute();
}

/** Gives a user a CRM role with one scope for every item type and action. */
export async function giveRole(t: TestApp, p: TestPortal, userId: number, scope: Scope): Promise<void> {
  const role = await t.platform.db
    .insertInto('crm_role')
    .values({ portal_id: p.portal.id, name: `Все: ${scope}`, permissions: JSON.stringify(uniformPermissions(scope)), is_default: 0, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.platform.db.insertInto('crm_role_user').values({ portal_id: p.portal.id, role_id: role.id, user_id: userId }).execute();
}

/** A custom field defined directly (the admin screens are another part's). */
export async function addField(t: TestApp, p: TestPortal, f: { entity: 'lead' | 'deal' | 'contact' | 'company'; code: string; label: string; type?: string; readRoles?: number[] }): Promise<void> {
  await t.platform.db
    .insertInto('crm_field')
    .values({
      portal_id: p.portal.id,
      entity_type: f.entity,
      code: f.code,
      label: f.label,
      type: f.type ?? 'string',
      multiple: 0,
      required: 0,
      options: '[]',
      settings: '{}',
      read_roles: JSON.stringify(f.readRoles ?? []),
      edit_roles: '[]',
      sort: 0,
      version: 1,
      created_at: nowIso(),
    })
    .execute();
}

/** The field errors of a 400 answer, by field path. */
export function fieldErrors(res: LightMyRequestResponse): Record<string, string> {
  const body = res.json() as { error?: { fields?: { field: string; message: string }[] } };
  return Object.fromEntries((body.error?.fields ?? []).map((f) => [f.field, f.message]));
}

export function ok<T = any>(res: LightMyRequestResponse, status = 200): T {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

export const VALID_INN_10 = '7707083893';
export const INVALID_INN_10 = '7707083894';
export const VALID_INN_12 = '500100732259';
export const INVALID_INN_12 = '500100732258';
