import { crmEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { CrmRole, CrmRoleInput } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent, type Change } from '../../../platform/events/outbox.js';
import { rightsOf, type Permissions } from '../rights.js';
import { existingUserIds } from '../../users/api.js';
import { parseJson } from '../values.js';

type Role = z.infer<typeof CrmRole>;
export type RoleUpdate = Partial<z.infer<typeof CrmRoleInput>> & { version: number };
type RoleRow = { id: number; name: string; permissions: string; is_default: number; version: number };

async function roleUsers(ctx: Ctx, roleIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(roleIds.map((id) => [id, []]));
  if (!roleIds.length) return out;
  const rows = await scoped(ctx).selectFrom('crm_role_user').select(['role_id', 'user_id']).where('role_id', 'in', roleIds).orderBy('user_id').execute();
  for (const r of rows) out.get(r.role_id)?.push(r.user_id);
  return out;
}

function toRole(r: RoleRow, userIds: number[]): Role {
  return { id: r.id, name: r.name, permissions: parseJson<Permissions>(r.permissions, {} as Permissions), isDefault: !!r.is_default, userIds, version: r.version };
}

export async function listRoles(ctx: Ctx): Promise<Role[]> {
  const rows = await scoped(ctx).selectFrom('crm_role').selectAll().orderBy('id').execute();
  const users = await roleUsers(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRole(r, users.get(r.id) ?? []));
}

async function getRole(ctx: Ctx, id: number): Promise<Role> {
  const row = await scoped(ctx).selectFrom('crm_role').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  return toRole(row, (await roleUsers(ctx, [id])).get(id) ?? []);
}

async function checkUsers(ctx: Ctx, userIds: number[] | undefined): Promise<void> {
  if (!userIds?.length) return;
  const found = await existingUserIds(ctx, userIds);
  const errs: FieldError[] = [];
  userIds.forEach((id, i) => {
    if (!found.has(id)) errs.push({ field: `userIds.${i}`, message: 'crm.admin.user_unknown' });
  });
  if (errs.length) throw errors.validation(errs);
}

async function setUsers(ctx: Ctx, roleId: number, userIds: number[]): Promise<void> {
  await scoped(ctx).deleteFrom('crm_role_user').where('role_id', '=', roleId).execute();
  const unique = [...new Set(userIds)];
  if (unique.length)
    await scoped(ctx)
      .insertInto(
        'crm_role_user',
        unique.map((user_id) => ({ role_id: roleId, user_id })),
      )
      .execute();
}

/** Exactly one role is the default (it applies to users without a role): making one default unmarks the others. */
async function makeDefault(ctx: Ctx, roleId: number): Promise<void> {
  await scoped(ctx).updateTable('crm_role').set({ is_default: 0 }).where('id', '!=', roleId).where('is_default', '=', 1).execute();
  await scoped(ctx).updateTable('crm_role').set({ is_default: 1 }).where('id', '=', roleId).execute();
}

export async function createRole(ctx: Ctx, input: z.infer<typeof CrmRoleInput>): Promise<Role> {
  await checkUsers(ctx, input.userIds);
  const id = await transaction(ctx, async (tx) => {
    const hasDefault = await scoped(tx).selectFrom('crm_role').select('id').where('is_default', '=', 1).executeTakeFirst();
    const row = await scoped(tx)
      .insertInto('crm_role', { name: input.name, permissions: JSON.stringify(input.permissions), is_default: 0, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const roleId = Number(row.id);
    // The first role of a portal becomes its default, so there always is one.
    if (input.isDefault || !hasDefault) await makeDefault(tx, roleId);
    await setUsers(tx, roleId, input.userIds ?? []);
    await recordEvent(tx, crmEvents.roleCreated, { entityType: 'crm.role', entityId: roleId, payload: { name: input.name, userIds: input.userIds ?? [] } });
    return roleId;
  });
  return getRole(ctx, id);
}

export async function updateRole(ctx: Ctx, id: number, input: RoleUpdate): Promise<Role> {
  await checkUsers(ctx, input.userIds);
  await transaction(ctx, async (tx) => {
    const before = await getRole(tx, id);
    if (before.version !== input.version) throw errors.conflict();
    if (input.isDefault === false && before.isDefault) throw errors.field('isDefault', 'crm.admin.role_default_required');
    const set: { name?: string; permissions?: string } = {};
    const changes: Change[] = [];
    if (input.name !== undefined && input.name !== before.name) {
      set.name = input.name;
      changes.push({ field: 'name', old: before.name, new: input.name });
    }
    if (input.permissions !== undefined && JSON.stringify(input.permissions) !== JSON.stringify(before.permissions)) {
      set.permissions = JSON.stringify(input.permissions);
      changes.push({ field: 'permissions', old: before.permissions, new: input.permissions });
    }
    await scoped(tx).updateVersioned('crm_role', id, input.version, { ...set });
    if (input.isDefault && !before.isDefault) {
      await makeDefault(tx, id);
      changes.push({ field: 'is_default', old: false, new: true });
    }
    if (input.userIds !== undefined) {
      const next = [...new Set(input.userIds)].sort((a, b) => a - b);
      if (JSON.stringify(next) !== JSON.stringify(before.userIds)) {
        await setUsers(tx, id, next);
        changes.push({ field: 'userIds', old: before.userIds, new: next });
      }
    }
    if (changes.length) await recordEvent(tx, crmEvents.roleUpdated, { entityType: 'crm.role', entityId: id, changes });
  });
  return getRole(ctx, id);
}

/**
 * Custom fields that named the role keep its id: nobody holds it any more, so a field
 * restricted to it stays restricted (to administrators) instead of opening to everyone.
 */
export async function deleteRole(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const role = await getRole(tx, id);
    if (role.isDefault) throw errors.field('isDefault', 'crm.admin.role_default_delete');
    await scoped(tx).deleteFrom('crm_role_user').where('role_id', '=', id).execute();
    await scoped(tx).deleteFrom('crm_role').where('id', '=', id).execute();
    await recordEvent(tx, crmEvents.roleDeleted, { entityType: 'crm.role', entityId: id, payload: { name: role.name } });
  });
}

export async function myPermissions(ctx: Ctx) {
  const r = await rightsOf(ctx);
  return { isAdmin: r.isAdmin, roleIds: r.roleIds, permissions: r.permissions };
}
