import type { CrmAction, EntityType, Scope } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { sql, type Compilable, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { SearchAccessClause } from '../../platform/registry/registry.js';
import { prepared } from './prepared.js';
import { colleaguesOf, departmentAncestorsQuery, departmentMembersQuery, departmentsHeadedQuery } from '../users/api.js';
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

/** The preset roles; `goods` are their rights in «Товары и склады» («Товарный каталог», «Складской учёт»). */
export const DEFAULT_ROLES: { name: string; permissions: () => Permissions; isDefault: boolean; goods: { catalog: string; store: string } }[] = [
  { name: 'Сотрудник', permissions: defaultEmployeePermissions, isDefault: true, goods: { catalog: 'read', store: 'read' } },
  { name: 'Руководитель отдела', permissions: defaultHeadPermissions, isDefault: false, goods: { catalog: 'read', store: 'post' } },
  { name: 'Администратор CRM', permissions: () => uniformPermissions('all'), isDefault: false, goods: { catalog: 'edit', store: 'post' } },
];

export type ActionScopes = Record<CrmAction, Scope>;
/** A role's deal scopes of the pipelines it names, by pipeline id; the role's `deal` scopes apply to every other pipeline. */
export type PipelinePermissions = Record<string, ActionScopes>;

export interface CrmRights {
  userId: number;
  isAdmin: boolean;
  /** The widest scope of the actor's roles per item type and action; for deals, in the pipelines no role names. */
  permissions: Permissions;
  /**
   * Deal scopes of the pipelines some role of the actor names: per pipeline, the widest over the
   * roles of the pipeline's own scopes where a role names it and the role's general deal scopes
   * where it does not. Pipelines not here follow `permissions.deal`.
   */
  dealPipelines: Map<number, ActionScopes>;
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
const NO_PIPELINES: Map<number, ActionScopes> = new Map();

/** The actor's CRM rights: the widest scope of their roles per item type and action (and deal pipeline). */
export function rightsOf(ctx: Ctx): Promise<CrmRights> {
  let hit = cache.get(ctx);
  if (!hit) {
    hit = loadRights(ctx);
    cache.set(ctx, hit);
  }
  return hit;
}

const wider = (a: Scope | undefined, b: Scope): Scope => (a && RANK[a] > RANK[b] ? a : b);

/** The effective rights of a set of roles' permissions (as stored: the item types and, optionally, `dealPipelines`). */
export function combinePermissions(stored: (Partial<Permissions> & { dealPipelines?: PipelinePermissions })[]): { permissions: Permissions; dealPipelines: Map<number, ActionScopes> } {
  const permissions = uniformPermissions('none');
  const named = new Set<number>();
  for (const p of stored) {
    for (const e of ENTITY_TYPES) for (const a of ACTIONS) permissions[e][a] = wider(p[e]?.[a], permissions[e][a]);
    for (const id of Object.keys(p.dealPipelines ?? {})) if (Number(id) > 0) named.add(Number(id));
  }
  const dealPipelines = new Map<number, ActionScopes>();
  for (const id of named) {
    const s = Object.fromEntries(ACTIONS.map((a) => [a, 'none'])) as ActionScopes;
    for (const p of stored) {
      const own = p.dealPipelines?.[String(id)];
      for (const a of ACTIONS) s[a] = wider(own ? own[a] : p.deal?.[a], s[a]);
    }
    dealPipelines.set(id, s);
  }
  return { permissions, dealPipelines };
}

async function loadRights(ctx: Ctx): Promise<CrmRights> {
  const actor = ctx.actor;
  if (!actor) {
    // Robots and triggers act as the portal itself: they see and change what their rules name.
    if (ctx.system) return { userId: 0, isAdmin: true, permissions: ADMIN_PERMISSIONS, dealPipelines: NO_PIPELINES, roleIds: [], departmentUserIds: () => Promise.resolve([]) };
    throw errors.unauthenticated();
  }
  if (actor.role === 'admin') {
    const all = Promise.resolve([actor.userId]);
    return { userId: actor.userId, isAdmin: true, permissions: ADMIN_PERMISSIONS, dealPipelines: NO_PIPELINES, roleIds: [], departmentUserIds: () => all };
  }
  const rows = await rightsRows(ctx, actor.userId, actor.departmentId);
  const roles = rows.filter((r) => r.permissions !== null);
  const deptUsers = Promise.resolve([...new Set([actor.userId, ...rows.filter((r) => r.user_id !== null).map((r) => Number(r.user_id))])]);
  const { permissions, dealPipelines } = combinePermissions(roles.map((r) => JSON.parse(r.permissions!)));
  return { userId: actor.userId, isAdmin: false, permissions, dealPipelines, roleIds: [...new Set(roles.map((r) => Number(r.id)))], departmentUserIds: () => deptUsers };
}

/**
 * The actor's rights in one statement: the roles assigned to them — by name, to their department
 * (or to a department above it, with its subdepartments), to the departments they head — or the
 * portal's default role when none is, and the users of their department and of every department
 * below it. Written on the bare query builder for the recursive CTEs, so each table names its portal here.
 */
function rightsQuery(db: Kysely<any>, portalId: number, userId: number, departmentId: number | null) {
  const byDepartment = (eb: any) => {
    const subjects = [eb.and([eb('crm_role_department.who', '=', 'head'), eb('crm_role_department.department_id', 'in', departmentsHeadedQuery(db, portalId, userId))])];
    if (departmentId !== null) {
      subjects.push(eb.and([eb('crm_role_department.who', '=', 'members'), eb('crm_role_department.department_id', '=', departmentId)]));
      // A role given «with subdepartments» to the user's department or to one above it.
      subjects.push(eb.and([eb('crm_role_department.who', '=', 'tree'), eb('crm_role_department.department_id', 'in', departmentAncestorsQuery(db, portalId, departmentId))]));
    }
    return eb.or(subjects);
  };
  const assigned = db
    // eslint-disable-next-line portal/scoped-tables -- the bare builder of the rights statement: the portal is named on each table
    .selectFrom('crm_role_user')
    .select('crm_role_user.role_id')
    .where('crm_role_user.portal_id', '=', portalId)
    .where('crm_role_user.user_id', '=', userId)
    // eslint-disable-next-line portal/scoped-tables -- as above
    .unionAll(db.selectFrom('crm_role_department').select('crm_role_department.role_id').where('crm_role_department.portal_id', '=', portalId).where(byDepartment));
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

/** The responsible users whose items the actor may act on, or 'all', or 'none'. */
export type Responsibles = 'all' | 'none' | number[];

/**
 * The scope of `action` on `entity`; for a deal, in its pipeline. A deal check without a pipeline
 * (none is known) takes the narrowest scope over the pipelines, so it never grants too much.
 */
function scopeIn(r: CrmRights, entity: EntityType, action: CrmAction, pipelineId: number | null | undefined): Scope {
  const general = r.permissions[entity][action];
  if (entity !== 'deal' || !r.dealPipelines.size) return general;
  if (pipelineId !== undefined && pipelineId !== null) return r.dealPipelines.get(pipelineId)?.[action] ?? general;
  let s = general;
  for (const p of r.dealPipelines.values()) if (RANK[p[action]] < RANK[s]) s = p[action];
  return s;
}

async function responsiblesOf(r: CrmRights, scope: Scope): Promise<Responsibles> {
  if (scope === 'all' || scope === 'none') return scope;
  if (scope === 'own') return [r.userId];
  return r.departmentUserIds();
}

/**
 * The responsible users whose items the actor may act on, or 'all', or 'none'; for deals, in
 * `pipelineId` (a Kanban board, a list filtered to a pipeline). Across pipelines, see `scopeFilter`.
 */
export async function responsibleFilter(ctx: Ctx, entity: EntityType, action: CrmAction, pipelineId?: number | null): Promise<Responsibles> {
  const r = await rightsOf(ctx);
  return responsiblesOf(r, scopeIn(r, entity, action, pipelineId));
}

/**
 * The items the actor may act on with every one of `actions`, as conditions on the responsible:
 * `general` for items (and deals of pipelines no role names), and for deals, per group of the
 * pipelines roles name. Lists, exports and bulk actions across pipelines narrow their queries with it.
 */
export interface ScopeFilter {
  general: Responsibles;
  pipelines: { ids: number[]; responsibles: Responsibles }[];
}

export async function scopeFilter(ctx: Ctx, entity: EntityType, actions: CrmAction | CrmAction[], pipelineId?: number | null): Promise<ScopeFilter> {
  const r = await rightsOf(ctx);
  const list = Array.isArray(actions) ? actions : [actions];
  // Scopes nest (own within department within all): doing every action is the narrowest of them.
  const narrowest = (scopes: Scope[]) => scopes.reduce((a, b) => (RANK[b] < RANK[a] ? b : a), 'all' as Scope);
  if (entity === 'deal' && pipelineId !== undefined && pipelineId !== null) {
    return { general: await responsiblesOf(r, narrowest(list.map((a) => scopeIn(r, entity, a, pipelineId)))), pipelines: [] };
  }
  const general = await responsiblesOf(r, narrowest(list.map((a) => r.permissions[entity][a])));
  if (entity !== 'deal' || !r.dealPipelines.size) return { general, pipelines: [] };
  const groups = new Map<Scope, number[]>();
  for (const [id, p] of r.dealPipelines) {
    const s = narrowest(list.map((a) => p[a]));
    groups.set(s, [...(groups.get(s) ?? []), id]);
  }
  const pipelines: ScopeFilter['pipelines'] = [];
  for (const [s, ids] of groups) pipelines.push({ ids: ids.sort((a, b) => a - b), responsibles: await responsiblesOf(r, s) });
  return { general, pipelines };
}

/** Nothing at all is within the filter. */
export const nothingIn = (f: ScopeFilter): boolean => f.general === 'none' && f.pipelines.every((p) => p.responsibles === 'none');

/**
 * The filter as a condition on `table`'s rows (deals: `(pipeline in … and responsible in …) or …`),
 * or `null` when every row is within it. Call `nothingIn` first: a filter of nothing is `false`.
 */
export function scopeWhere(f: ScopeFilter, table: string): ((eb: ExpressionBuilder<any, any>) => Expression<SqlBool>) | null {
  const byResponsible = (eb: ExpressionBuilder<any, any>, who: Responsibles): Expression<SqlBool> | null =>
    who === 'all' ? null : eb(`${table}.responsible_id`, 'in', who === 'none' || !who.length ? [0] : who);
  if (!f.pipelines.length) return f.general === 'all' ? null : (eb) => byResponsible(eb, f.general)!;
  return (eb) => {
    const named = f.pipelines.flatMap((p) => p.ids);
    const parts: Expression<SqlBool>[] = [];
    for (const p of f.pipelines) {
      if (p.responsibles === 'none') continue;
      const inPipelines = eb(`${table}.pipeline_id`, 'in', p.ids);
      const who = byResponsible(eb, p.responsibles);
      parts.push(who ? eb.and([inPipelines, who]) : inPipelines);
    }
    if (f.general !== 'none') {
      const rest = eb(`${table}.pipeline_id`, 'not in', named);
      const who = byResponsible(eb, f.general);
      parts.push(who ? eb.and([rest, who]) : rest);
    }
    return parts.length ? eb.or(parts) : sql<SqlBool>`1 = 0`;
  };
}

/**
 * The tokens a row is indexed with for `scopeAccess`: its responsible, the responsible's department
 * and, for deals, its pipeline.
 */
export const accessTokens = (responsibleId: number | null, departmentId: number | null, pipelineId?: number | null): string[] => [
  ...(responsibleId ? [`r${responsibleId}`] : []),
  ...(departmentId ? [`dep${departmentId}`] : []),
  ...(pipelineId ? [`pl${pipelineId}`] : []),
];

/**
 * Responsibles as access tokens: a department whose every employee is among them by its one
 * token (a department scope is a few departments, not hundreds of people), the rest by person.
 */
function responsibleTokens(ctx: Ctx, ids: number[]): Promise<string[]> {
  // The four CRM kinds of one search ask for the same scope: it is read once per request.
  const key = ids.join(',');
  const known = tokensCache.get(ctx) ?? new Map<string, Promise<string[]>>();
  tokensCache.set(ctx, known);
  let hit = known.get(key);
  if (!hit) {
    hit = readResponsibleTokens(ctx, ids);
    known.set(key, hit);
  }
  return hit;
}
const tokensCache = new WeakMap<Ctx, Map<string, Promise<string[]>>>();

async function readResponsibleTokens(ctx: Ctx, ids: number[]): Promise<string[]> {
  if (!ids.length) return [];
  const wanted = new Set(ids);
  const rows = await colleaguesOf(ctx, ids);
  const complete = new Map<number, boolean>();
  for (const r of rows) complete.set(r.departmentId, (complete.get(r.departmentId) ?? true) && wanted.has(r.id));
  const covered = new Set(rows.filter((r) => complete.get(r.departmentId)).map((r) => r.id));
  return [...[...complete].filter(([, all]) => all).map(([d]) => `dep${d}`), ...ids.filter((id) => !covered.has(id)).map((id) => `r${id}`)];
}

/** The filter as clauses over `accessTokens`, as `scopeWhere` reads it (the search index narrows by them). */
export async function scopeAccess(ctx: Ctx, f: ScopeFilter): Promise<SearchAccessClause[]> {
  const byResponsible = async (who: Responsibles): Promise<string[][]> => (who === 'all' ? [] : [who === 'none' ? [] : await responsibleTokens(ctx, who)]);
  if (!f.pipelines.length) return [{ all: await byResponsible(f.general) }];
  const out: SearchAccessClause[] = [];
  for (const p of f.pipelines) {
    if (p.responsibles !== 'none') out.push({ all: [p.ids.map((id) => `pl${id}`), ...(await byResponsible(p.responsibles))] });
  }
  if (f.general !== 'none') out.push({ all: await byResponsible(f.general), none: f.pipelines.flatMap((p) => p.ids.map((id) => `pl${id}`)) });
  return out;
}

/** Whether a row (its responsible and, for deals, pipeline) is within the filter: no queries. */
export function scopePredicate(f: ScopeFilter): (responsibleId: number | null, pipelineId?: number | null) => boolean {
  const test = (who: Responsibles) => {
    if (who === 'all') return () => true;
    if (who === 'none') return () => false;
    const users = new Set(who);
    return (id: number | null) => id !== null && users.has(id);
  };
  const general = test(f.general);
  if (!f.pipelines.length) return (id) => general(id);
  const byPipeline = new Map<number, (id: number | null) => boolean>();
  for (const p of f.pipelines) {
    const t = test(p.responsibles);
    for (const id of p.ids) byPipeline.set(id, t);
  }
  const narrowest = f.pipelines.reduce<(id: number | null) => boolean>((acc, p) => {
    const t = byPipeline.get(p.ids[0]!)!;
    return (id) => acc(id) && t(id);
  }, general);
  return (id, pipelineId) => (pipelineId === undefined || pipelineId === null ? narrowest(id) : (byPipeline.get(pipelineId) ?? general)(id));
}

/** May the actor do `action` to an item whose responsible is `responsibleId` (a deal: in `pipelineId`)? */
export async function allowed(ctx: Ctx, entity: EntityType, action: CrmAction, responsibleId: number | null, pipelineId?: number | null): Promise<boolean> {
  const f = await responsibleFilter(ctx, entity, action, pipelineId);
  if (f === 'all') return true;
  if (f === 'none') return false;
  return responsibleId !== null && f.includes(responsibleId);
}

/** Throws "not found" when the actor may not even read the item, "forbidden" when they may read but not act. */
export async function authorize(ctx: Ctx, entity: EntityType, action: CrmAction, responsibleId: number | null, pipelineId?: number | null): Promise<void> {
  if (action !== 'read' && !(await allowed(ctx, entity, 'read', responsibleId, pipelineId))) throw errors.notFound();
  if (!(await allowed(ctx, entity, action, responsibleId, pipelineId))) throw action === 'read' ? errors.notFound() : errors.forbidden();
}

/** May the actor do `action` to some item of the type (deals: in some pipeline)? What a page or an import starts from. */
export async function mayAtAll(ctx: Ctx, entity: EntityType, action: CrmAction): Promise<boolean> {
  const r = await rightsOf(ctx);
  return r.permissions[entity][action] !== 'none' || (entity === 'deal' && [...r.dealPipelines.values()].some((p) => p[action] !== 'none'));
}

/** May the actor add items of the type at all (deals: in `pipelineId`, or in some pipeline when none is given)? */
export async function canAdd(ctx: Ctx, entity: EntityType, pipelineId?: number | null): Promise<boolean> {
  if (entity === 'deal' && (pipelineId === undefined || pipelineId === null)) return mayAtAll(ctx, entity, 'add');
  const r = await rightsOf(ctx);
  return scopeIn(r, entity, 'add', pipelineId) !== 'none';
}

/** What the card shows as buttons: computed for one item. */
export async function itemAbilities(ctx: Ctx, entity: EntityType, responsibleId: number | null, pipelineId?: number | null) {
  const [edit, del] = await Promise.all([allowed(ctx, entity, 'edit', responsibleId, pipelineId), allowed(ctx, entity, 'delete', responsibleId, pipelineId)]);
  return { edit, delete: del };
}

/**
 * Whether an item with a given responsible (a deal: and pipeline) is within the actor's scope for
 * `action`: a plain predicate built from the rights read once per request, for checking many rows without queries.
 */
export async function scopeTest(ctx: Ctx, entity: EntityType, action: CrmAction): Promise<(responsibleId: number | null, pipelineId?: number | null) => boolean> {
  return scopePredicate(await scopeFilter(ctx, entity, action));
}

/** What a viewer reads instead of the title of a linked item they may not read. */
export const hiddenTitle = (ctx: Pick<Ctx, 'lang'>): string => t(ctx.lang, 'crm.hidden');
