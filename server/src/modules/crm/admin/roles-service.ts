import { crmEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { CrmRole, CrmRoleInput, PipelinePermissions as PipelinePermissionsSchema, RoleDepartment as RoleDepartmentSchema } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent, type Change } from '../../../platform/events/outbox.js';
import { rightsOf, type Permissions } from '../rights.js';
type PipelinePermissions = z.infer<typeof PipelinePermissionsSchema>;
import { departmentsHeadedBy, existingUserIds } from '../../users/api.js';
import { parseJson } from '../values.js';

export type Role = z.infer<typeof CrmRole>;
export type RoleInput = z.infer<typeof CrmRoleInput>;
export type RoleUpdate = Partial<RoleInput> & { version: number };
type RoleRow = { id: number; name: string; permissions: string; is_default: number; version: number };
type RoleDepartment = z.infer<typeof RoleDepartmentSchema>;

async function roleHolders(ctx: Ctx, roleIds: number[]): Promise<{ users: Map<number, number[]>; departments: Map<number, RoleDepartment[]> }> {
  const users = new Map<number, number[]>(roleIds.map((id) => [id, []]));
  const departments = new Map<number, RoleDepartment[]>(roleIds.map((id) => [id, []]));
  if (!roleIds.length) return { users, departments };
  const [u, d] = await Promise.all([
    scoped(ctx).selectFrom('crm_role_user').select(['role_id', 'user_id']).where('role_id', 'in', roleIds).orderBy('user_id').execute(),
    scoped(ctx).selectFrom('crm_role_department').select(['role_id', 'department_id', 'who']).where('role_id', 'in', roleIds).orderBy('department_id').orderBy('who').execute(),
  ]);
  for (const r of u) users.get(r.role_id)?.push(r.user_id);
  for (const r of d) departments.get(r.role_id)?.push({ departmentId: r.department_id, who: r.who });
  return { users, departments };
}

type CatalogPart = { catalog: Role['catalog']; store: Role['store'] };

/** The stored permissions: the item types' scopes with the pipelines' deal scopes under `dealPipelines` and the rights in «Товары и склады». */
function storedPermissions(permissions: RoleInput['permissions'], dealPipelines: PipelinePermissions | undefined, goods: CatalogPart): string {
  return JSON.stringify({ ...(dealPipelines && Object.keys(dealPipelines).length ? { ...permissions, dealPipelines } : permissions), ...goods });
}

function toRole(r: RoleRow, holders: Awaited<ReturnType<typeof roleHolders>>): Role {
  const { dealPipelines, catalog, store, ...permissions } = parseJson<Permissions & { dealPipelines?: PipelinePermissions } & Partial<CatalogPart>>(r.permissions, {} as Permissions);
  return {
    id: r.id,
    name: r.name,
    permissions,
    dealPipelines: dealPipelines ?? {},
    isDefault: !!r.is_default,
    userIds: holders.users.get(r.id) ?? [],
    departments: holders.departments.get(r.id) ?? [],
    catalog: catalog ?? 'read',
    store: store ?? 'read',
    version: r.version,
  };
}

export async function listRoles(ctx: Ctx): Promise<Role[]> {
  const rows = await scoped(ctx).selectFrom('crm_role').selectAll().orderBy('id').execute();
  const holders = await roleHolders(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRole(r, holders));
}

export async function getRole(ctx: Ctx, id: number): Promise<Role> {
  const row = await scoped(ctx).selectFrom('crm_role').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  return toRole(row, await roleHolders(ctx, [id]));
}

/** The pipelines the role names are the portal's deal pipelines; the departments, the portal's. */
async function checkTargets(ctx: Ctx, input: Partial<RoleInput>): Promise<void> {
  const errs: FieldError[] = [];
  const pipelineIds = Object.keys(input.dealPipelines ?? {}).map(Number);
  if (pipelineIds.length) {
    const found = new Set((await scoped(ctx).selectFrom('crm_pipeline').select('id').where('id', 'in', pipelineIds).where('entity_type', '=', 'deal').execute()).map((r) => r.id));
    for (const id of pipelineIds) if (!found.has(id)) errs.push({ field: `dealPipelines.${id}`, message: 'crm.admin.pipeline_unknown' });
  }
  const departmentIds = [...new Set((input.departments ?? []).map((d) => d.departmentId))];
  if (departmentIds.length) {
    const found = new Set((await departmentsHeadedBy(ctx, null)).map((d) => d.id));
    input.departments!.forEach((d, i) => {
      if (!found.has(d.departmentId)) errs.push({ field: `departments.${i}.departmentId`, message: 'crm.admin.department_unknown' });
    });
  }
  if (errs.length) throw errors.validation(errs);
}

const departmentKey = (d: RoleDepartment) => `${d.departmentId}:${d.who}`;
function uniqueDepartments(list: RoleDepartment[]): RoleDepartment[] {
  const by = new Map(list.map((d) => [departmentKey(d), { departmentId: d.departmentId, who: d.who }]));
  return [...by.values()].sort((a, b) => a.departmentId - b.departmentId || a.who.localeCompare(b.who));
}

async function setDepartments(ctx: Ctx, roleId: number, list: RoleDepartment[]): Promise<void> {
  await scoped(ctx).deleteFrom('crm_role_department').where('role_id', '=', roleId).execute();
  const unique = uniqueDepartments(list);
  if (unique.length)
    await scoped(ctx)
      .insertInto(
        'crm_role_department',
        unique.map((d) => ({ role_id: roleId, department_id: d.departmentId, who: d.who })),
      )
      .execute();
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

export async function createRole(ctx: Ctx, input: RoleInput): Promise<Role> {
  await checkUsers(ctx, input.userIds);
  await checkTargets(ctx, input);
  const id = await transaction(ctx, async (tx) => {
    const hasDefault = await scoped(tx).selectFrom('crm_role').select('id').where('is_default', '=', 1).executeTakeFirst();
    const row = await scoped(tx)
      .insertInto('crm_role', {
        name: input.name,
        permissions: storedPermissions(input.permissions, input.dealPipelines, { catalog: input.catalog ?? 'read', store: input.store ?? 'read' }),
        is_default: 0,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const roleId = Number(row.id);
    // The first role of a portal becomes its default, so there always is one.
    if (input.isDefault || !hasDefault) await makeDefault(tx, roleId);
    await setUsers(tx, roleId, input.userIds ?? []);
    await setDepartments(tx, roleId, input.departments ?? []);
    await recordEvent(tx, crmEvents.roleCreated, {
      entityType: 'crm.role',
      entityId: roleId,
      payload: { name: input.name, userIds: input.userIds ?? [], departments: uniqueDepartments(input.departments ?? []) },
    });
    return roleId;
  });
  return getRole(ctx, id);
}

export async function updateRole(ctx: Ctx, id: number, input: RoleUpdate): Promise<Role> {
  await checkUsers(ctx, input.userIds);
  await checkTargets(ctx, input);
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
    const permissions = input.permissions ?? before.permissions;
    const dealPipelines = input.dealPipelines ?? before.dealPipelines;
    if (input.permissions !== undefined && JSON.stringify(input.permissions) !== JSON.stringify(before.permissions)) {
      changes.push({ field: 'permissions', old: before.permissions, new: input.permissions });
    }
    if (input.dealPipelines !== undefined && JSON.stringify(input.dealPipelines) !== JSON.stringify(before.dealPipelines)) {
      changes.push({ field: 'dealPipelines', old: before.dealPipelines, new: input.dealPipelines });
    }
    const goods: CatalogPart = { catalog: input.catalog ?? before.catalog, store: input.store ?? before.store };
    if (goods.catalog !== before.catalog) changes.push({ field: 'catalog', old: before.catalog, new: goods.catalog });
    if (goods.store !== before.store) changes.push({ field: 'store', old: before.store, new: goods.store });
    if (changes.some((c) => ['permissions', 'dealPipelines', 'catalog', 'store'].includes(c.field))) set.permissions = storedPermissions(permissions, dealPipelines, goods);
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
    if (input.departments !== undefined) {
      const next = uniqueDepartments(input.departments);
      if (JSON.stringify(next) !== JSON.stringify(before.departments)) {
        await setDepartments(tx, id, next);
        changes.push({ field: 'departments', old: before.departments, new: next });
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
    await scoped(tx).deleteFrom('crm_role_department').where('role_id', '=', id).execute();
    await scoped(tx).deleteFrom('crm_role').where('id', '=', id).execute();
    await recordEvent(tx, crmEvents.roleDeleted, { entityType: 'crm.role', entityId: id, payload: { name: role.name } });
  });
}

export async function myPermissions(ctx: Ctx) {
  const r = await rightsOf(ctx);
  return { isAdmin: r.isAdmin, roleIds: r.roleIds, permissions: r.permissions, dealPipelines: Object.fromEntries([...r.dealPipelines].map(([id, s]) => [String(id), s])) };
}

/**
 * Gives a role to a department: to its members (with the departments below when `subdepartments`),
 * and to its head when `head` (`members: false` for the head alone). What the role already had stays.
 */
export async function assignRoleToDepartment(ctx: Ctx, roleId: number, departmentId: number, opts: { members?: boolean; subdepartments?: boolean; head?: boolean } = {}): Promise<Role> {
  const wanted: RoleDepartment[] = [];
  if (opts.members !== false) wanted.push({ departmentId, who: opts.subdepartments ? 'tree' : 'members' });
  if (opts.head) wanted.push({ departmentId, who: 'head' });
  const role = await getRole(ctx, roleId);
  return updateRole(ctx, roleId, { version: role.version, departments: [...role.departments, ...wanted] });
}
