import type { CrmAction, EntityType, Scope } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';

export const ENTITY_TYPES: EntityType[] = ['lead', 'deal', 'contact', 'company'];
export const ACTIONS: CrmAction[] = ['read', 'add', 'edit', 'delete', 'export', 'import'];
const RANK: Record<Scope, number> = { none: 0, own: 1, department: 2, all: 3 };

export type Permissions = Record<EntityType, Record<CrmAction, Scope>>;

export function uniformPermissions(scope: Scope): Permissions {
  return Object.fromEntries(ENTITY_TYPES.map((e) => [e, Object.fromEntries(ACTIONS.map((a) => [a, scope]))])) as Permissions;
}

/** The default role of a new portal: everyone reads and adds everything, edits and deletes their own. */
export function defaultEmployeePermissions(): Permissions {
  const p = uniformPermissions('all');
  for (const e of ENTITY_TYPES) {
    p[e].edit = 'own';
    p[e].delete = 'own';
    p[e].import = 'none';
  }
  return p;
}

export interface CrmRights {
  userId: number;
  isAdmin: boolean;
  permissions: Permissions;
  roleIds: number[];
  /** Users whose items count as "own department": the actor's department and those below it. */
  departmentUserIds: () => Promise<number[]>;
}

const cache = new WeakMap<Ctx, Promise<CrmRights>>();

/** The actor's CRM rights: the widest scope of their roles per item type and action. */
export function rightsOf(ctx: Ctx): Promise<CrmRights> {
  let hit = cache.get(ctx);
  if (!hit) {
    hit = loadRights(ctx);
    cache.set(ctx, hit);
  }
  return hit;
}

async function loadRights(ctx: Ctx): Promise<CrmRights> {
  const actor = ctx.actor;
  if (!actor) throw errors.unauthenticated();
  let deptUsers: Promise<number[]> | null = null;
  const departmentUserIds = () => (deptUsers ??= usersOfDepartmentTree(ctx, actor.departmentId, actor.userId));
  if (actor.role === 'admin') {
    return { userId: actor.userId, isAdmin: true, permissions: uniformPermissions('all'), roleIds: [], departmentUserIds };
  }
  const assigned = await scoped(ctx)
    .selectFrom('crm_role_user')
    .innerJoin('crm_role', 'crm_role.id', 'crm_role_user.role_id')
    .select(['crm_role.id', 'crm_role.permissions'])
    .where('crm_role_user.user_id', '=', actor.userId)
    .execute();
  const roles = assigned.length
    ? assigned
    : await scoped(ctx).selectFrom('crm_role').select(['id', 'permissions']).where('is_default', '=', 1).execute();
  const permissions = uniformPermissions('none');
  for (const r of roles) {
    const p = JSON.parse(r.permissions) as Partial<Permissions>;
    for (const e of ENTITY_TYPES) {
      for (const a of ACTIONS) {
        const s = p[e]?.[a];
        if (s && RANK[s] > RANK[permissions[e][a]]) permissions[e][a] = s;
      }
    }
  }
  return { userId: actor.userId, isAdmin: false, permissions, roleIds: roles.map((r) => r.id), departmentUserIds };
}

async function usersOfDepartmentTree(ctx: Ctx, departmentId: number | null, self: number): Promise<number[]> {
  if (!departmentId) return [self];
  const all = await scoped(ctx).selectFrom('department').select(['id', 'parent_id']).execute();
  const ids = new Set<number>([departmentId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of all) {
      if (d.parent_id !== null && ids.has(d.parent_id) && !ids.has(d.id)) {
        ids.add(d.id);
        grew = true;
      }
    }
  }
  const users = await scoped(ctx).selectFrom('app_user').select('id').where('department_id', 'in', [...ids]).execute();
  return [...new Set([self, ...users.map((u) => u.id)])];
}

/**
 * The responsible users whose items the actor may act on, or 'all', or 'none'.
 * Lists, Kanban sums, bulk actions and export narrow their queries with it.
 */
export async function responsibleFilter(ctx: Ctx, entity: EntityType, action: CrmAction): Promise<'all' | 'none' | number[]> {
  const r = await rightsOf(ctx);
  const scope = r.permissions[entity][action];
  if (scope === 'all') return 'all';
  if (scope === 'none') return 'none';
  if (scope === 'own') return [r.userId];
  return r.departmentUserIds();
}

/** May the actor do `action` to an item whose responsible is `responsibleId`? */
export async function allowed(ctx: Ctx, entity: EntityType, action: CrmAction, responsibleId: number | null): Promise<boolean> {
  const f = await responsibleFilter(ctx, entity, action);
  if (f === 'all') return true;
  if (f === 'none') return false;
  return responsibleId !== null && f.includes(responsibleId);
}

/** Throws "not found" when the actor may not even read the item, "forbidden" when they may read but not act. */
export async function authorize(ctx: Ctx, entity: EntityType, action: CrmAction, responsibleId: number | null): Promise<void> {
  if (action !== 'read' && !(await allowed(ctx, entity, 'read', responsibleId))) throw errors.notFound();
  if (!(await allowed(ctx, entity, action, responsibleId))) throw action === 'read' ? errors.notFound() : errors.forbidden();
}

export async function canAdd(ctx: Ctx, entity: EntityType): Promise<boolean> {
  return (await rightsOf(ctx)).permissions[entity].add !== 'none';
}

/** What the card shows as buttons: computed for one item. */
export async function itemAbilities(ctx: Ctx, entity: EntityType, responsibleId: number | null) {
  const [edit, del] = await Promise.all([allowed(ctx, entity, 'edit', responsibleId), allowed(ctx, entity, 'delete', responsibleId)]);
  return { edit, delete: del };
}
