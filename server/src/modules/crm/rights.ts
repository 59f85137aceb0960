import type { CrmAction, EntityType, Scope } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { sql, type Compilable, type Kysely } from 'kysely';
import { prepared } from './prepared.js';
import { departmentMembersQuery } from '../users/api.js';
import { errors } from '../../platform/errors.js';
import { t } from '../../platform/i18n/index.js';

export const ENTITY_TYPES: EntityType[] = ['lead', 'deal', 'contact', 'company'];
export const ACTIONS: CrmAction[] = ['read', 'add', 'edit', 'delete', 'export', 'import'];
const RANK: Record<Scope, number> = { none: 0, own: 1, department: 2, all: 3 };

export type Permissions = Record<EntityType, Record<CrmAction, Scope>>;

export function uniformPermissions(scope: Scope): Permissions {
  return Object.fromEntries(ENTITY_TYPES.map((e) => [e, Object.fromEntries(ACTIONS.map((a) => [a, scope]))])) as Permissions;
}

/**
 * The roles a new portal starts with, as a company moving from Bitrix24 expects them:
 * «Сотрудник» (the default, for everyone without a role) reads their own items and their
 * department's (with its subdepartments), edits and deletes their own; «Руководитель отдела»
 * reads, edits and deletes the items of their department and the ones below it;
 * «Администратор CRM» may do everything. Portal administrators always may do everything.
 */
export function defaultEmployeePermissions(): Permissions {
  const p = uniformPermissions('department');
  for (const e of ENTITY_TYPES) {
    p[e].edit = 'own';
    p[e].delete = 'own';
    p[e].import = 'none';
  }
  return p;
}

export function defaultHeadPermissions(): Permissions {
  return uniformPermissions('department');
}

export const DEFAULT_ROLES: { name: string; permissions: () => Permissions; isDefault: boolean }[] = [
  { name: 'Сотрудник', permissions: defaultEmployeePermissions, isDefault: true },
  { name: 'Руководитель отдела', permissions: defaultHeadPermissions, isDefault: false },
  { name: 'Администратор CRM', permissions: () => uniformPermissions('all'), isDefault: false },
];

export interface CrmRights {
  userId: number;
  isAdmin: boolean;
  permissions: Permissions;
  roleIds: number[];
  /** Users whose items count as "own department": the actor's department and those below it. */
  departmentUserIds: () => Promise<number[]>;
}

const cache = new WeakMap<Ctx, Promise<CrmRights>>();

/** A portal administrator's permissions: the same for every request, built once and read-only. */
const ADMIN_PERMISSIONS: Permissions = (() => {
  const p = uniformPermissions('all');
  for (const e of ENTITY_TYPES) Object.freeze(p[e]);
  return Object.freeze(p);
})();

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
  if (!actor) {
    // Robots and triggers act as the portal itself: they see and change what their rules name.
    if (ctx.system) return { userId: 0, isAdmin: true, permissions: ADMIN_PERMISSIONS, roleIds: [], departmentUserIds: () => Promise.resolve([]) };
    throw errors.unauthenticated();
  }
  if (actor.role === 'admin') {
    const all = Promise.resolve([actor.userId]);
    return { userId: actor.userId, isAdmin: true, permissions: ADMIN_PERMISSIONS, roleIds: [], departmentUserIds: () => all };
  }
  const rows = await rightsRows(ctx, actor.userId, actor.departmentId);
  const roles = rows.filter((r) => r.permissions !== null);
  const deptUsers = Promise.resolve([...new Set([actor.userId, ...rows.filter((r) => r.user_id !== null).map((r) => Number(r.user_id))])]);
  const permissions = uniformPermissions('none');
  for (const r of roles) {
    const p = JSON.parse(r.permissions!) as Partial<Permissions>;
    for (const e of ENTITY_TYPES) {
      for (const a of ACTIONS) {
        const s = p[e]?.[a];
        if (s && RANK[s] > RANK[permissions[e][a]]) permissions[e][a] = s;
      }
    }
  }
  return { userId: actor.userId, isAdmin: false, permissions, roleIds: roles.map((r) => Number(r.id)), departmentUserIds: () => deptUsers };
}

/**
 * The actor's rights in one statement: the roles assigned to them (or the portal's default
 * role when none is), and the users of their department and of every department below it.
 * Written on the bare query builder for the recursive CTE, so each table names its portal here.
 */
function rightsQuery(db: Kysely<any>, portalId: number, userId: number, departmentId: number | null) {
  // eslint-disable-next-line portal/scoped-tables -- the recursive CTE's bare builder: the portal is named on each table
  const assigned = db.selectFrom('crm_role_user').select('crm_role_user.role_id').where('crm_role_user.portal_id', '=', portalId).where('crm_role_user.user_id', '=', userId);
  const roles = (qc: any) =>
    qc
      .selectFrom('crm_role')
      .select(['crm_role.id', 'crm_role.permissions', sql<number | null>`cast(null as integer)`.as('user_id')])
      .where('crm_role.portal_id', '=', portalId)
      .where((eb: any) => eb.or([eb('crm_role.id', 'in', assigned), eb.and([eb('crm_role.is_default', '=', 1), eb.not(eb.exists(assigned))])]));
  if (departmentId === null) return roles(db);
  return roles(db).unionAll(
    departmentMembersQuery(db, portalId, departmentId).select([sql<number | null>`cast(null as integer)`.as('id'), sql<string | null>`cast(null as text)`.as('permissions'), 'id as user_id']),
  );
}

const rightsStatement = prepared(
  (c, a: { user: number; department: number | null }) => rightsQuery(c.db as unknown as Kysely<any>, c.portal.id, a.user, a.department) as unknown as Compilable<RightsRow>,
);

/** The rights statement of every request, compiled once per shape (with or without a department). */
function rightsRows(ctx: Ctx, userId: number, departmentId: number | null): Promise<RightsRow[]> {
  return rightsStatement(ctx, { user: userId, department: departmentId }, departmentId === null ? 'plain' : 'tree');
}

type RightsRow = { id: number | null; permissions: string | null; user_id: number | null };

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

/**
 * Whether an item with a given responsible is within the actor's scope for `action`: a plain
 * predicate built from the rights read once per request, for checking many rows without queries.
 */
export async function scopeTest(ctx: Ctx, entity: EntityType, action: CrmAction): Promise<(responsibleId: number | null) => boolean> {
  const f = await responsibleFilter(ctx, entity, action);
  if (f === 'all') return () => true;
  if (f === 'none') return () => false;
  const users = new Set(f);
  return (responsibleId) => responsibleId !== null && users.has(responsibleId);
}

/** What a viewer reads instead of the title of a linked item they may not read. */
export const hiddenTitle = (ctx: Pick<Ctx, 'lang'>): string => t(ctx.lang, 'crm.hidden');
