/**
 * Account-level reads of the users module: sign-in and the install's operator ask about an
 * account's memberships before there is a portal ctx, so these span portals by design and
 * take the portal as an argument. Everything else goes through the portal-scoped api.ts.
 */
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import { PERSON_COLUMNS, toPerson, type Person } from './api.js';

/** The member an account is at a portal, if active there. */
export async function activeMemberOfAccount(db: Queryable, portalId: number, accountId: number): Promise<Person | null> {
  const u = await db.selectFrom('app_user').select(PERSON_COLUMNS).where('portal_id', '=', portalId).where('account_id', '=', accountId).where('status', '=', 'active').executeTakeFirst();
  return u ? toPerson(u) : null;
}

/** The member an account is at a portal, any status. */
export async function memberOfAccount(db: Queryable, portalId: number, accountId: number): Promise<Person | null> {
  const u = await db.selectFrom('app_user').select(PERSON_COLUMNS).where('portal_id', '=', portalId).where('account_id', '=', accountId).executeTakeFirst();
  return u ? toPerson(u) : null;
}

/** The portals where an account is an active member, by title. */
export async function accountPortalRows(db: Queryable, accountId: number): Promise<{ name: string; title: string }[]> {
  return db
    .selectFrom('app_user')
    .innerJoin('portal', 'portal.id', 'app_user.portal_id')
    .select(['portal.name', 'portal.title'])
    .where('app_user.account_id', '=', accountId)
    .where('app_user.status', '=', 'active')
    .orderBy('portal.title')
    .execute();
}

/** Whether the account is an active member of a portal other than `portalId`. */
export async function activeElsewhere(db: Queryable, accountId: number, portalId: number): Promise<boolean> {
  const r = await db.selectFrom('app_user').select('id').where('account_id', '=', accountId).where('portal_id', '!=', portalId).where('status', '=', 'active').executeTakeFirst();
  return !!r;
}

/** The active member of the portal with that account e-mail (a verified address from a sign-in provider). */
export async function activeMemberByEmail(db: Queryable, portalId: number, email: string): Promise<{ accountId: number; userId: number } | null> {
  const r = await db
    .selectFrom('account')
    .innerJoin('app_user', 'app_user.account_id', 'account.id')
    .select(['account.id as accountId', 'app_user.id as userId'])
    .where('account.email', '=', email)
    .where('app_user.portal_id', '=', portalId)
    .where('app_user.status', '=', 'active')
    .executeTakeFirst();
  return r ?? null;
}

/** Members and open invitations per portal, for the install's operator. */
export async function memberCounts(db: Queryable, portalIds: number[]): Promise<Map<number, { members: number; invited: number }>> {
  if (!portalIds.length) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['portal_id', sql<number>`count(case when status = 'active' then 1 end)`.as('members'), sql<number>`count(case when status = 'invited' then 1 end)`.as('invited')])
    .where('portal_id', 'in', portalIds)
    .groupBy('portal_id')
    .execute();
  return new Map(rows.map((r) => [r.portal_id, { members: Number(r.members), invited: Number(r.invited) }]));
}

/** The newest profile an account has in any portal: a new portal's membership starts from its name. */
export async function latestProfileOfAccount(db: Queryable, accountId: number): Promise<{ first_name: string; last_name: string; middle_name: string; language: Person['language'] } | null> {
  const r = await db.selectFrom('app_user').select(['first_name', 'last_name', 'middle_name', 'language']).where('account_id', '=', accountId).orderBy('id', 'desc').executeTakeFirst();
  return r ?? null;
}

/** A portal's members with how they sign in (e-mail, phone), the administrators first: the console prints the demo's. */
export async function portalLogins(db: Queryable, portalId: number): Promise<{ email: string; phone: string; name: string }[]> {
  const rows = await db
    .selectFrom('app_user')
    .innerJoin('account', 'account.id', 'app_user.account_id')
    .select(['account.email', 'account.phone', 'app_user.first_name', 'app_user.last_name', 'app_user.role'])
    .where('app_user.portal_id', '=', portalId)
    .orderBy('app_user.id')
    .execute();
  return rows.sort((a, b) => Number(b.role === 'admin') - Number(a.role === 'admin')).map((r) => ({ email: r.email ?? '', phone: r.phone ?? '', name: `${r.first_name} ${r.last_name}` }));
}
