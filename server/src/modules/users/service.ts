import { usersEvents } from '@vavilon/contracts';
import type { UserProfile, TypedValue } from '@vavilon/contracts';
import type { z } from 'zod';
import type { InviteRequest, UserListQuery, UserUpdate } from '@vavilon/contracts';
import { transaction, type Ctx, type Actor } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { nowIso } from '../../platform/db/database.js';
import { AppError, errors, type FieldError } from '../../platform/errors.js';
import { recordEvent, diff } from '../../platform/events/outbox.js';
import { parseLogin } from '../../platform/auth/logins.js';
import { normalizeTyped } from '../../platform/typed-values.js';
import { destroyAccountSessions } from '../../platform/auth/sessions.js';
import { t } from '../../platform/i18n/index.js';
import { createAuthToken, portalUrl } from '../auth/api.js';
import * as files from '../files/api.js';
import { userPolicy, requireAdmin } from './policy.js';
import * as repo from './repository.js';
import { fullName, parseValues, searchText, toSummary } from './mapping.js';
import { activeElsewhere } from './accounts.js';

function actorOf(ctx: Ctx): Actor {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor;
}

export async function listUsers(ctx: Ctx, q: z.infer<typeof UserListQuery>) {
  const actor = actorOf(ctx);
  const statuses: ('active' | 'invited' | 'inactive')[] = q.status === 'all' ? ['active', 'invited', 'inactive'] : [q.status];
  const visible = statuses.filter((s) => userPolicy.canSeeStatus(actor, s));
  if (!visible.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { rows, total } = await repo.listUsers(ctx, { ...q, statuses: visible });
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}

export async function getProfile(ctx: Ctx, id: number): Promise<UserProfile> {
  const actor = actorOf(ctx);
  const u = await repo.findUser(ctx, id);
  if (!u || !userPolicy.canSeeStatus(actor, u.status)) throw errors.notFound();
  const [manager, subordinates, account] = await Promise.all([
    u.manager_id ? repo.findUser(ctx, u.manager_id) : undefined,
    repo.subordinatesOf(ctx, id),
    ctx.db.selectFrom('account').select(['email', 'phone']).where('id', '=', u.account_id).executeTakeFirst(),
  ]);
  return {
    ...toSummary(u),
    middleName: u.middle_name,
    phones: parseValues(u.phones),
    emails: parseValues(u.emails),
    language: u.language,
    timeZone: u.time_zone,
    manager: manager ? toSummary(manager) : null,
    subordinates: subordinates.map(toSummary),
    login: { email: account?.email ?? null, phone: account?.phone ?? null },
    version: u.version,
    links: ctx.sys.registry.profileLinks().map((l) => ({ id: l.id, title: l.title[ctx.lang], url: l.url(id) })),
    abilities: {
      edit: userPolicy.canEdit(actor, id),
      deactivate: userPolicy.canDeactivate(actor, id),
      changeRole: userPolicy.canChangeRole(actor, id),
    },
  };
}

function normalizeContacts(phones: TypedValue[] | undefined, emails: TypedValue[] | undefined) {
  const fields: FieldError[] = [];
  const out = { phones: normalizeTyped(phones, 'phone', 'phones', fields), emails: normalizeTyped(emails, 'email', 'emails', fields) };
  if (fields.length) throw errors.validation(fields);
  return out;
}

const FIELD_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  middleName: 'middle_name',
  position: 'position',
  departmentId: 'department_id',
  managerId: 'manager_id',
  photoUrl: 'photo_url',
  phones: 'phones',
  emails: 'emails',
  language: 'language',
  timeZone: 'time_zone',
  role: 'role',
} as const;

export async function updateUser(ctx: Ctx, id: number, input: z.infer<typeof UserUpdate>): Promise<UserProfile> {
  const actor = actorOf(ctx);
  const { version, ...patch } = input;
  const forbidden = Object.keys(patch).filter((f) => !userPolicy.canEditField(actor, id, f));
  await transaction(ctx, async (tx) => {
    const before = await repo.findUser(tx, id);
    if (!before || !userPolicy.canSeeStatus(actor, before.status)) throw errors.notFound();
    if (!userPolicy.canEdit(actor, id) || forbidden.length) throw errors.forbidden();
    if (patch.role !== undefined && !userPolicy.canChangeRole(actor, id) && patch.role !== before.role) throw errors.forbidden();
    if (before.version !== version) throw errors.conflict();
    const contacts = normalizeContacts(patch.phones, patch.emails);
    if (patch.managerId === id) throw errors.field('managerId', 'user.manager_cycle');
    if (patch.managerId && !(await repo.findUser(tx, patch.managerId))) throw errors.field('managerId', 'error.not_found');
    if (patch.departmentId && !(await scoped(tx).selectFrom('department').select('id').where('id', '=', patch.departmentId).executeTakeFirst())) {
      throw errors.field('departmentId', 'error.not_found');
    }

    const set: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(FIELD_COLUMNS)) {
      const value = field === 'phones' ? contacts.phones : field === 'emails' ? contacts.emails : (patch as Record<string, unknown>)[field];
      if (value !== undefined) set[column] = field === 'phones' || field === 'emails' ? JSON.stringify(value) : value;
    }
    const after = { ...before, ...set } as typeof before;
    const changes = diff(before as unknown as Record<string, unknown>, set, Object.keys(set));
    await scoped(tx).updateVersioned('app_user', id, version, { ...set, search_text: searchText(after), updated_at: nowIso() });
    if (changes.length) await recordEvent(tx, usersEvents.userUpdated, { entityType: 'user', entityId: id, changes });
    if (changes.some((c) => c.field === 'photo_url')) await linkPhoto(tx, id, set.photo_url as string | null);
  });
  return getProfile(ctx, id);
}

/** A photo address of the portal's own file store links that file to the user (only the actor's own upload: no one else's file becomes public). */
async function linkPhoto(ctx: Ctx, userId: number, url: string | null): Promise<void> {
  const m = url ? /^\/api\/files\/(\d+)$/.exec(url) : null;
  const own = m ? await files.ownFileIds(ctx, [Number(m[1])]) : new Set<number>();
  await files.setFileLinks(ctx, 'user', userId, 'photo', [...own]);
}

export async function inviteUser(ctx: Ctx, input: z.infer<typeof InviteRequest>): Promise<UserProfile> {
  const actor = actorOf(ctx);
  requireAdmin(actor);
  const login = parseLogin(input.login);
  if (!login) throw errors.field('login', 'auth.login_invalid');
  const id = await transaction(ctx, async (tx) => {
    if (input.departmentId && !(await scoped(tx).selectFrom('department').select('id').where('id', '=', input.departmentId).executeTakeFirst())) {
      throw errors.field('departmentId', 'error.not_found');
    }
    const column = login.kind === 'email' ? 'email' : 'phone';
    let account = await tx.db.selectFrom('account').select('id').where(column, '=', login.value).executeTakeFirst();
    if (!account) {
      account = await tx.db
        .insertInto('account')
        .values({ email: login.kind === 'email' ? login.value : null, phone: login.kind === 'phone' ? login.value : null, password_hash: null, created_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow();
    } else if (await scoped(tx).selectFrom('app_user').select('id').where('account_id', '=', account.id).executeTakeFirst()) {
      throw errors.field('login', 'user.already_member');
    }
    const contacts = { phones: login.kind === 'phone' ? [{ type: 'mobile', value: login.value }] : [], emails: login.kind === 'email' ? [{ type: 'work', value: login.value }] : [] };
    const row = {
      account_id: account.id,
      first_name: input.firstName,
      last_name: input.lastName,
      middle_name: '',
      position: input.position,
      department_id: input.departmentId,
      manager_id: null,
      photo_url: null,
      phones: JSON.stringify(contacts.phones),
      emails: JSON.stringify(contacts.emails),
      role: 'employee' as const,
      status: 'invited' as const,
      language: ctx.lang,
      time_zone: 'Europe/Moscow',
      version: 1,
      created_at: nowIso(),
      updated_at: nowIso(),
    };
    const user = await scoped(tx)
      .insertInto('app_user', { ...row, search_text: searchText(row) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = await createAuthToken(tx.db, 'invite', account.id, ctx.portal.id);
    const inviter = await repo.findUser(tx, actor.userId);
    await tx.sys.queueMail(tx, {
      portalId: ctx.portal.id,
      to: login.value,
      subject: t(ctx.lang, 'mail.invite.subject', { portal: ctx.portal.title }),
      text: t(ctx.lang, 'mail.invite.text', {
        name: `${input.firstName} ${input.lastName}`,
        inviter: inviter ? fullName(inviter) : '',
        portal: ctx.portal.title,
        url: portalUrl(ctx.sys, ctx.portal, `/invite/${token}`),
      }),
    });
    await recordEvent(tx, usersEvents.userInvited, { entityType: 'user', entityId: user.id, payload: { login: login.value } });
    return Number(user.id);
  });
  return getProfile(ctx, id);
}

export async function setActive(ctx: Ctx, id: number, active: boolean): Promise<UserProfile> {
  const actor = actorOf(ctx);
  if (!userPolicy.isAdmin(actor)) throw errors.forbidden();
  if (id === actor.userId) throw new AppError(400, 'validation', 'user.cannot_deactivate_self');
  await transaction(ctx, async (tx) => {
    const u = await repo.findUser(tx, id);
    if (!u) throw errors.notFound();
    const status = active ? (u.status === 'inactive' ? 'active' : u.status) : 'inactive';
    if (status === u.status) return;
    await scoped(tx)
      .updateTable('app_user')
      .set({ status, version: u.version + 1, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    // Sessions are per account: end them unless the account still works in another portal.
    const elsewhere = await activeElsewhere(tx.db, u.account_id, tx.portal.id);
    if (!active && !elsewhere) await destroyAccountSessions(tx.db, u.account_id);
    await recordEvent(tx, active ? usersEvents.userActivated : usersEvents.userDeactivated, {
      entityType: 'user',
      entityId: id,
      changes: [{ field: 'status', old: u.status, new: status }],
    });
  });
  if (!active) await ctx.sys.sessionsEnded({ userId: id });
  return getProfile(ctx, id);
}

export async function setLanguage(ctx: Ctx, language: 'ru' | 'en'): Promise<void> {
  const actor = actorOf(ctx);
  await transaction(ctx, async (tx) => {
    const u = await repo.findUser(tx, actor.userId);
    if (!u || u.language === language) return;
    await scoped(tx)
      .updateTable('app_user')
      .set({ language, version: u.version + 1, updated_at: nowIso() })
      .where('id', '=', actor.userId)
      .execute();
    await recordEvent(tx, usersEvents.userUpdated, { entityType: 'user', entityId: actor.userId, changes: [{ field: 'language', old: u.language, new: language }] });
  });
}
