import { CreatePortalRequest, type CreatedPortal, type OperatorPortal } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, errors } from '../../platform/errors.js';
import { localizeIssues } from '../../platform/http/validation.js';
import { parseLogin } from '../../platform/auth/logins.js';
import type { Lang } from '../../platform/i18n/index.js';
import { createPortal, inviteFirstAdmin } from '../users/api.js';
import { systemCtx } from '../../platform/context.js';
import { memberCounts } from '../users/api.js';
import { portalUrl } from '../auth/api.js';

/**
 * Who asks: a signed-in account (the page at the central address), or the server's console
 * (`npm run portal`), which has the database in its hands anyway.
 */
export type OperatorCaller =
  { kind: 'session'; accountId: number; /** set when the session belongs to one portal only (external sign-in) */ boundPortalId: number | null; lang: Lang } | { kind: 'console'; lang: Lang };

export async function isOperator(platform: Platform, caller: OperatorCaller): Promise<boolean> {
  if (caller.kind === 'console') return true;
  // A session opened by one portal's identity provider acts for that portal only, never for the install.
  if (caller.boundPortalId !== null) return false;
  const row = await platform.db.selectFrom('account').select('is_operator').where('id', '=', caller.accountId).executeTakeFirst();
  return row?.is_operator === 1;
}

async function requireOperator(platform: Platform, caller: OperatorCaller): Promise<void> {
  if (!(await isOperator(platform, caller))) throw new AppError(403, 'forbidden', 'operator.forbidden');
}

async function portalRows(platform: Platform, db: Queryable, name?: string): Promise<OperatorPortal[]> {
  let q = db.selectFrom('portal').select(['portal.id', 'portal.name', 'portal.title', 'portal.created_at']).orderBy('portal.created_at').orderBy('portal.id');
  if (name !== undefined) q = q.where('portal.name', '=', name);
  const rows = await q.execute();
  const counts = await memberCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    name: r.name,
    title: r.title,
    url: portalUrl(platform, r),
    members: counts.get(r.id)?.members ?? 0,
    invited: counts.get(r.id)?.invited ?? 0,
    createdAt: r.created_at,
  }));
}

/** Every portal of the install, oldest first, with its number of members. */
export async function listPortals(platform: Platform, caller: OperatorCaller): Promise<OperatorPortal[]> {
  await requireOperator(platform, caller);
  return portalRows(platform, platform.db);
}

const nameTaken = () => errors.field('name', 'operator.name_taken');

/**
 * A new portal with every module's defaults (the CRM's «Продажи» pipeline and so on), a root
 * department named after it and its administrator invited: the invitation link is returned
 * (and mailed, or kept in the new portal's «Исходящие письма» without SMTP).
 */
export async function createPortalWithAdmin(platform: Platform, caller: OperatorCaller, raw: unknown): Promise<CreatedPortal> {
  await requireOperator(platform, caller);
  const parsed = CreatePortalRequest.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw errors.validation(localizeIssues(parsed.error.issues, caller.lang));
  const { name, title } = parsed.data;
  const login = parseLogin(parsed.data.adminEmail);
  if (login?.kind !== 'email') throw errors.field('adminEmail', 'operator.email_invalid');
  const exists = (db: Queryable) => db.selectFrom('portal').select('id').where('name', '=', name).executeTakeFirst();

  let inviteUrl: string;
  try {
    inviteUrl = await platform.db.transaction().execute(async (tx) => {
      if (await exists(tx)) throw nameTaken();
      const base = { db: tx, sys: platform.sys };
      const portal = await createPortal(base, name, title);
      return (await inviteFirstAdmin(systemCtx(base, portal, { lang: caller.lang }), login.value)).inviteUrl;
    });
  } catch (err) {
    // Two creations of one name at once: the database's unique name decides, the loser hears why.
    if (!(err instanceof AppError) && (await exists(platform.db))) throw nameTaken();
    throw err;
  }
  await platform.portals.reload();
  platform.events.wake();
  platform.jobs.wake();
  const [portal] = await portalRows(platform, platform.db, name);
  return { portal: portal!, adminEmail: login.value, inviteUrl };
}

/** Grants (or takes back) the operator's rights to the account with this e-mail. */
export async function setOperator(platform: Platform, email: string, on: boolean): Promise<void> {
  const login = parseLogin(email);
  if (login?.kind !== 'email') throw errors.field('email', 'operator.email_invalid');
  const res = await platform.db
    .updateTable('account')
    .set({ is_operator: on ? 1 : 0 })
    .where('email', '=', login.value)
    .executeTakeFirst();
  if (!Number(res.numUpdatedRows)) throw errors.field('email', 'operator.account_unknown');
}

/** The accounts that are operators, by e-mail. */
export async function listOperators(platform: Platform): Promise<string[]> {
  const rows = await platform.db.selectFrom('account').select(['email', 'phone']).where('is_operator', '=', 1).orderBy('id').execute();
  return rows.map((r) => r.email ?? r.phone ?? '');
}
