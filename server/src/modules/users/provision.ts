import { usersEvents } from '@vavilon/contracts';
import { systemCtx, type Ctx, type CtxServices, type PortalRow } from '../../platform/context.js';
import { nowIso, type Queryable } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { normalizePhone } from '../../platform/auth/logins.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { t } from '../../platform/i18n/index.js';
import { createAuthToken, portalUrl } from '../auth/api.js';
import { searchText } from './mapping.js';
import { latestProfileOfAccount } from './accounts.js';

export interface NewMember {
  email: string;
  phone?: string;
  password: string | null;
  firstName: string;
  lastName: string;
  middleName?: string;
  position?: string;
  departmentId?: number | null;
  managerId?: number | null;
  role?: 'admin' | 'employee';
  language?: 'ru' | 'en';
}

/**
 * Creates a portal and lets every module set up its defaults, in the caller's transaction
 * (`base.db`); `base` is the platform with that transaction, e.g. `{ db: tx, sys: platform.sys }`.
 */
export async function createPortal(base: { db: Queryable; sys: CtxServices }, name: string, title: string): Promise<PortalRow> {
  const portal = await base.db.insertInto('portal').values({ name, title, created_at: nowIso() }).returning(['id', 'name', 'title']).executeTakeFirstOrThrow();
  await base.sys.registry.portalCreated(systemCtx(base, portal));
  return portal;
}

/** Adds an active member with a password; the account is shared when it already exists (Passport). */
export async function addMember(ctx: Ctx, m: NewMember): Promise<number> {
  const email = m.email.toLowerCase();
  const phone = m.phone ? normalizePhone(m.phone) : null;
  let account = await ctx.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirst();
  if (!account) {
    account = await ctx.db
      .insertInto('account')
      .values({ email, phone, password_hash: m.password ? await hashPassword(m.password) : null, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  const row = {
    account_id: account.id,
    first_name: m.firstName,
    last_name: m.lastName,
    middle_name: m.middleName ?? '',
    position: m.position ?? '',
    department_id: m.departmentId ?? null,
    manager_id: m.managerId ?? null,
    photo_url: null,
    phones: JSON.stringify(phone ? [{ type: 'mobile', value: phone }] : []),
    emails: JSON.stringify([{ type: 'work', value: email }]),
    role: m.role ?? 'employee',
    status: 'active' as const,
    language: m.language ?? 'ru',
    time_zone: 'Europe/Moscow',
    version: 1,
    created_at: nowIso(),
    updated_at: nowIso(),
  };
  const user = await scoped(ctx)
    .insertInto('app_user', { ...row, search_text: searchText(row) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(ctx, usersEvents.userCreated, { entityType: 'user', entityId: user.id });
  return Number(user.id);
}

/**
 * A new portal's first administrator: invited (role «admin», status «invited») at the head of a
 * root department named after the portal, with the invitation mail kept or sent. A person known
 * from another portal keeps their account (the link then asks for their password) and name.
 * Returns the invitation link; in the caller's transaction.
 */
export async function inviteFirstAdmin(ctx: Ctx, email: string): Promise<{ userId: number; inviteUrl: string }> {
  let account = await ctx.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirst();
  if (!account) {
    account = await ctx.db.insertInto('account').values({ email, phone: null, password_hash: null, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
  }
  const known = await latestProfileOfAccount(ctx.db, account.id);
  const root = await rootDepartment(ctx);
  const row = {
    account_id: account.id,
    first_name: known?.first_name ?? t(ctx.lang, 'operator.admin_first_name'),
    last_name: known?.last_name ?? '',
    middle_name: known?.middle_name ?? '',
    position: '',
    department_id: root,
    manager_id: null,
    photo_url: null,
    phones: '[]',
    emails: JSON.stringify([{ type: 'work', value: email }]),
    role: 'admin' as const,
    status: 'invited' as const,
    language: known?.language ?? ctx.lang,
    time_zone: 'Europe/Moscow',
    version: 1,
    created_at: nowIso(),
    updated_at: nowIso(),
  };
  const user = await scoped(ctx)
    .insertInto('app_user', { ...row, search_text: searchText(row) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const userId = Number(user.id);
  await setDepartmentHead(ctx, root, userId);
  await recordEvent(ctx, usersEvents.userInvited, { entityType: 'user', entityId: userId, payload: { login: email } });
  const token = await createAuthToken(ctx.db, 'invite', account.id, ctx.portal.id);
  const inviteUrl = portalUrl(ctx.sys, ctx.portal, `/invite/${token}`);
  await ctx.sys.queueMail(ctx, {
    portalId: ctx.portal.id,
    to: email,
    subject: t(row.language, 'mail.invite.subject', { portal: ctx.portal.title }),
    text: t(row.language, 'mail.invite_admin.text', { portal: ctx.portal.title, url: inviteUrl }),
  });
  return { userId, inviteUrl };
}

/** The top of the portal's structure (the first department without a parent), made and named after the portal when there is none. */
export async function rootDepartment(ctx: Ctx): Promise<number> {
  const top = await scoped(ctx).selectFrom('department').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
  return top ? top.id : addDepartment(ctx, ctx.portal.title, null);
}

export async function addDepartment(ctx: Ctx, name: string, parentId: number | null, headId: number | null = null): Promise<number> {
  const row = await scoped(ctx).insertInto('department', { name, parent_id: parentId, head_id: headId, sort: 0, version: 1, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
  await recordEvent(ctx, usersEvents.departmentCreated, { entityType: 'department', entityId: row.id, payload: { name } });
  return Number(row.id);
}

export async function setDepartmentHead(ctx: Ctx, departmentId: number, headId: number): Promise<void> {
  await scoped(ctx).updateTable('department').set({ head_id: headId }).where('id', '=', departmentId).execute();
}
