/**
 * The users module's API: the one way other modules reach people and departments. Reads are
 * batched over sets of ids (one statement per call, never one per id) and narrowed to the
 * ctx's portal, so an id of another portal is simply not found. Where a hot read path needs a
 * user's name in the same statement, `userNameSql` / `userPhotoSql` build the subquery and
 * `portalUsersQuery` / `departmentMembersQuery` the building blocks of a caller's union.
 */
import { usersEvents } from '@vavilon/contracts';
import { sql, type ExpressionBuilder, type RawBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Actor, Ctx, CtxServices, PortalRow } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import type { Database, UserTable } from '../../platform/db/schema.js';
import { scoped } from '../../platform/db/scoped.js';
import { recordEvent } from '../../platform/events/outbox.js';
import type { Lang } from '../../platform/i18n/index.js';
import { fullName, parseValues } from './mapping.js';
import { addDepartment, rootDepartment } from './provision.js';

type PortalCtx = Pick<Ctx, 'db' | 'portal'>;

/** How a user is shown next to what they did or own: the shape the contracts call a user reference. */
export interface UserRef {
  id: number;
  fullName: string;
  photoUrl: string | null;
}

/** What other modules may know of a member. */
export interface Person extends UserRef {
  firstName: string;
  lastName: string;
  position: string;
  departmentId: number | null;
  role: UserTable['role'];
  status: UserTable['status'];
  /** Active: may sign in and be chosen as responsible, observer, mentioned. */
  active: boolean;
  language: Lang;
  accountId: number;
}

export const PERSON_COLUMNS = ['id', 'account_id', 'first_name', 'last_name', 'photo_url', 'position', 'department_id', 'role', 'status', 'language'] as const;

function uniqueIds(ids: Iterable<number | null | undefined>): number[] {
  const out = new Set<number>();
  for (const id of ids) if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647) out.add(id);
  return [...out];
}

type PersonRow = Pick<UserTable, 'account_id' | 'first_name' | 'last_name' | 'photo_url' | 'position' | 'department_id' | 'role' | 'status' | 'language'> & { id: number };

export function toPerson(u: PersonRow): Person {
  return {
    id: u.id,
    fullName: fullName(u),
    photoUrl: u.photo_url,
    firstName: u.first_name,
    lastName: u.last_name,
    position: u.position,
    departmentId: u.department_id,
    role: u.role,
    status: u.status,
    active: u.status === 'active',
    language: u.language,
    accountId: u.account_id,
  };
}

/** The portal's members among `ids` (any status), in one statement; other portals' ids are not found. */
export async function people(ctx: PortalCtx, ids: Iterable<number | null | undefined>): Promise<Map<number, Person>> {
  const wanted = uniqueIds(ids);
  if (!wanted.length) return new Map();
  const rows = await scoped(ctx).selectFrom('app_user').select(PERSON_COLUMNS).where('id', 'in', wanted).execute();
  return new Map(rows.map((u) => [u.id, toPerson(u)]));
}

/** User references (name and photo) of the portal's members among `ids`, in one statement. */
export async function userRefs(ctx: PortalCtx, ids: Iterable<number | null | undefined>): Promise<Map<number, UserRef>> {
  const wanted = uniqueIds(ids);
  if (!wanted.length) return new Map();
  const rows = await scoped(ctx).selectFrom('app_user').select(['id', 'first_name', 'last_name', 'photo_url']).where('id', 'in', wanted).execute();
  return new Map(rows.map((u) => [u.id, { id: u.id, fullName: fullName(u), photoUrl: u.photo_url }]));
}

/** Which of `ids` are members of the portal (any status). */
export async function existingUserIds(ctx: PortalCtx, ids: Iterable<number | null | undefined>): Promise<Set<number>> {
  const wanted = uniqueIds(ids);
  if (!wanted.length) return new Set();
  const rows = await scoped(ctx).selectFrom('app_user').select('id').where('id', 'in', wanted).execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of `ids` are active members of the portal; without `ids`, every active member. */
export async function activeUserIds(ctx: PortalCtx, ids?: Iterable<number | null | undefined>): Promise<Set<number>> {
  let q = scoped(ctx).selectFrom('app_user').select('id').where('status', '=', 'active');
  if (ids !== undefined) {
    const wanted = uniqueIds(ids);
    if (!wanted.length) return new Set();
    q = q.where('id', 'in', wanted);
  }
  return new Set((await q.orderBy('id').execute()).map((r) => r.id));
}

/** Every member of the portal (any status) with the addresses they may be named by: an import matches its column against them. */
export async function directory(ctx: PortalCtx): Promise<(Person & { emails: string[]; accountEmail: string | null })[]> {
  const rows = await scoped(ctx)
    .selectFrom('app_user')
    .innerJoin('account', 'account.id', 'app_user.account_id')
    .select([...PERSON_COLUMNS.map((c) => `app_user.${c}` as const), 'app_user.emails', 'account.email as account_email'])
    .where('app_user.portal_id', '=', ctx.portal.id)
    .orderBy('app_user.id')
    .execute();
  return rows.map((u) => ({ ...toPerson(u), emails: parseValues(u.emails).map((e) => e.value), accountEmail: u.account_email }));
}

/** The sign-in addresses of the portal's members among `ids` (a mail that must come from them, e.g. an invitation's organiser). */
export async function accountEmails(ctx: PortalCtx, ids: Iterable<number | null | undefined>): Promise<Map<number, string>> {
  const wanted = uniqueIds(ids);
  if (!wanted.length) return new Map();
  const rows = await scoped(ctx).selectFrom('app_user').innerJoin('account', 'account.id', 'app_user.account_id').select(['app_user.id', 'account.email']).where('app_user.id', 'in', wanted).execute();
  return new Map(rows.filter((r) => r.email).map((r) => [r.id, r.email!]));
}

/** The portal's active administrators. */
export async function administrators(ctx: PortalCtx): Promise<Person[]> {
  const rows = await scoped(ctx).selectFrom('app_user').select(PERSON_COLUMNS).where('role', '=', 'admin').where('status', '=', 'active').orderBy('id').execute();
  return rows.map(toPerson);
}

/** What acting as a member takes; `null` for an id that is no active member of the portal. */
function toActor(ctx: PortalCtx, p: Person): Actor {
  return { userId: p.id, accountId: p.accountId, portalId: ctx.portal.id, role: p.role, departmentId: p.departmentId, language: p.language };
}

/** Actors of the active members among `ids`, in one statement. */
export async function actorsFor(ctx: PortalCtx, ids: Iterable<number | null | undefined>): Promise<Map<number, Actor>> {
  const out = new Map<number, Actor>();
  for (const p of (await people(ctx, ids)).values()) if (p.active) out.set(p.id, toActor(ctx, p));
  return out;
}

/** The actor of one active member, or `null`. */
export async function actorFor(ctx: PortalCtx, userId: number | null | undefined): Promise<Actor | null> {
  if (!userId) return null;
  return (await actorsFor(ctx, [userId])).get(userId) ?? null;
}

// --- departments --------------------------------------------------------------------------

interface DepartmentNode {
  id: number;
  parentId: number | null;
  headId: number | null;
}

/** The portal's departments in one statement: a structure is small, walking it in memory beats a statement per level. */
async function departmentTree(ctx: PortalCtx): Promise<Map<number, DepartmentNode>> {
  const rows = await scoped(ctx).selectFrom('department').select(['id', 'parent_id', 'head_id']).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, parentId: r.parent_id, headId: r.head_id }]));
}

function subtreeOf(tree: Map<number, DepartmentNode>, roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const d of tree.values()) if (d.parentId !== null) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  const out = new Set<number>();
  const stack = roots.filter((r) => tree.has(r));
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...out];
}

/** The department and every department below it (ids); empty for another portal's department. */
export async function departmentSubtree(ctx: PortalCtx, departmentId: number): Promise<number[]> {
  return subtreeOf(await departmentTree(ctx), [departmentId]);
}

/** The names of this portal's departments among `ids`. */
/** The department of each of the users, by user id (none: null). */
export async function departmentsOfUsers(ctx: PortalCtx, ids: Iterable<number | null | undefined>): Promise<Map<number, number | null>> {
  const wanted = [...new Set([...ids].filter((id): id is number => !!id))];
  if (!wanted.length) return new Map();
  const rows = await scoped(ctx).selectFrom('app_user').select(['id', 'department_id']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.department_id]));
}

/** Every member of the departments the users are in, with their department. */
export async function colleaguesOf(ctx: PortalCtx, ids: readonly number[]): Promise<{ id: number; departmentId: number }[]> {
  if (!ids.length) return [];
  const rows = await scoped(ctx)
    .selectFrom('app_user')
    .select(['id', 'department_id'])
    .where('department_id', 'in', scoped(ctx).selectFrom('app_user').select('department_id').where('id', 'in', ids).where('department_id', 'is not', null))
    .execute();
  return rows.map((r) => ({ id: r.id, departmentId: r.department_id! }));
}

export async function departmentNames(ctx: PortalCtx, ids: Iterable<number>): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Map();
  const rows = await scoped(ctx).selectFrom('department').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A department of this portal by its name (the first one), or null. */
export async function departmentByName(ctx: PortalCtx, name: string): Promise<number | null> {
  return (await scoped(ctx).selectFrom('department').select('id').where('name', '=', name).orderBy('id').executeTakeFirst())?.id ?? null;
}

/** The department and every department above it (ids), nearest first; empty for none or another portal's. */
export async function departmentAncestors(ctx: PortalCtx, departmentId: number | null): Promise<number[]> {
  if (departmentId === null) return [];
  const tree = await departmentTree(ctx);
  const out: number[] = [];
  for (let d = tree.get(departmentId); d && !out.includes(d.id); d = d.parentId === null ? undefined : tree.get(d.parentId)) out.push(d.id);
  return out;
}

/** Active members of the department and of every department below it. */
export async function departmentMemberIds(ctx: PortalCtx, departmentId: number): Promise<number[]> {
  const depts = await departmentSubtree(ctx, departmentId);
  if (!depts.length) return [];
  const rows = await scoped(ctx).selectFrom('app_user').select('id').where('department_id', 'in', depts).where('status', '=', 'active').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * The employees a user heads: the active members of every department they are the head of and of
 * the departments below those, the user left out (none for someone who heads nothing).
 */
export async function subordinateIds(ctx: PortalCtx, userId: number): Promise<number[]> {
  const tree = await departmentTree(ctx);
  const headed = [...tree.values()].filter((d) => d.headId === userId).map((d) => d.id);
  if (!headed.length) return [];
  const depts = subtreeOf(tree, headed);
  const rows = await scoped(ctx).selectFrom('app_user').select('id').where('department_id', 'in', depts).where('status', '=', 'active').where('id', '!=', userId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** The departments a user heads with every department below them, by name (every department for `null`: an administrator). */
export async function departmentsHeadedBy(ctx: PortalCtx, userId: number | null): Promise<{ id: number; name: string }[]> {
  const rows = await scoped(ctx).selectFrom('department').select(['id', 'name', 'parent_id', 'head_id']).orderBy('sort').orderBy('name').execute();
  if (userId === null) return rows.map((r) => ({ id: r.id, name: r.name }));
  const tree = new Map(rows.map((r) => [r.id, { id: r.id, parentId: r.parent_id, headId: r.head_id }]));
  const mine = new Set(
    subtreeOf(
      tree,
      rows.filter((r) => r.head_id === userId).map((r) => r.id),
    ),
  );
  return rows.filter((r) => mine.has(r.id)).map((r) => ({ id: r.id, name: r.name }));
}

/** The time zone a member's dates are shown and planned in (the portal's default for someone unknown). */
export async function timeZoneOf(ctx: PortalCtx, userId: number | null): Promise<string> {
  const row = userId ? await scoped(ctx).selectFrom('app_user').select('time_zone').where('id', '=', userId).executeTakeFirst() : undefined;
  return row?.time_zone ?? 'Europe/Moscow';
}

export interface DepartmentHead {
  departmentId: number;
  headId: number;
}

function headsUp(tree: Map<number, DepartmentNode>, departmentId: number | null): DepartmentHead[] {
  const out: DepartmentHead[] = [];
  const seen = new Set<number>();
  let cursor = departmentId === null ? undefined : tree.get(departmentId);
  while (cursor && !seen.has(cursor.id)) {
    seen.add(cursor.id);
    if (cursor.headId !== null) out.push({ departmentId: cursor.id, headId: cursor.headId });
    cursor = cursor.parentId === null ? undefined : tree.get(cursor.parentId);
  }
  return out;
}

/** The head of the department itself, or `null` when it has none. */
export async function departmentHead(ctx: PortalCtx, departmentId: number): Promise<number | null> {
  const d = await scoped(ctx).selectFrom('department').select('head_id').where('id', '=', departmentId).executeTakeFirst();
  return d?.head_id ?? null;
}

/** The heads from the department up to the root, nearest first (departments without a head are passed over). */
export async function departmentHeads(ctx: PortalCtx, departmentId: number): Promise<DepartmentHead[]> {
  return headsUp(await departmentTree(ctx), departmentId);
}

/**
 * A member's heads up the tree, nearest first: the head of their department (unless it is
 * the member), then the heads above. For each of `userIds`, in two statements in all.
 */
export async function headsOfUsers(ctx: PortalCtx, userIds: Iterable<number>): Promise<Map<number, number[]>> {
  const members = await people(ctx, userIds);
  const out = new Map<number, number[]>();
  if (!members.size) return out;
  const tree = await departmentTree(ctx);
  for (const p of members.values()) {
    const heads = headsUp(tree, p.departmentId)
      .map((h) => h.headId)
      .filter((h) => h !== p.id);
    out.set(p.id, [...new Set(heads)]);
  }
  return out;
}

export async function headsOfUser(ctx: PortalCtx, userId: number): Promise<number[]> {
  return (await headsOfUsers(ctx, [userId])).get(userId) ?? [];
}

// --- building blocks of other modules' statements ----------------------------------------

/**
 * The name of the user `column` refers to, as a subquery of the caller's statement (no round
 * trip of its own); `null` when it refers to nobody of the portal.
 */
export function userNameSql<DB, TB extends keyof DB>(ctx: PortalCtx, eb: ExpressionBuilder<DB, TB>, column: string): RawBuilder<string | null> {
  const e = eb as unknown as ExpressionBuilder<Database, 'app_user'>;
  const q = e
    .selectFrom('app_user as u_ref')
    .select(sql<string>`trim(u_ref.first_name || ' ' || u_ref.last_name)`.as('name'))
    .whereRef('u_ref.id', '=', sql.ref(column) as any)
    .where('u_ref.portal_id', '=', ctx.portal.id);
  return sql<string | null>`(${q})`;
}

/** The photo of the user `column` refers to, as a subquery of the caller's statement. */
export function userPhotoSql<DB, TB extends keyof DB>(ctx: PortalCtx, eb: ExpressionBuilder<DB, TB>, column: string): RawBuilder<string | null> {
  const e = eb as unknown as ExpressionBuilder<Database, 'app_user'>;
  const q = e
    .selectFrom('app_user as u_ref')
    .select('u_ref.photo_url')
    .whereRef('u_ref.id', '=', sql.ref(column) as any)
    .where('u_ref.portal_id', '=', ctx.portal.id);
  return sql<string | null>`(${q})`;
}

/**
 * The portal's users among `ids` (a list, or a subquery of the caller's selecting ids), with
 * nothing selected yet: a branch of a caller's union over columns such as `id`, `first_name`,
 * `last_name`, `photo_url`.
 */
export function portalUsersQuery(ctx: PortalCtx, ids: readonly number[] | SelectQueryBuilder<any, any, any>): SelectQueryBuilder<Database, 'app_user', {}> {
  return (ctx.db as unknown as Kysely<Database>)
    .selectFrom('app_user')
    .where('app_user.portal_id', '=', ctx.portal.id)
    .where('app_user.id', 'in', ids as any);
}

/**
 * Every user (any status) of the department and of the departments below it, with nothing
 * selected yet: one statement with the caller's (a recursive subquery over the structure).
 */
export function departmentMembersQuery(db: Kysely<any>, portalId: number, departmentId: number): SelectQueryBuilder<Database, 'app_user', {}> {
  const tree = db.withRecursive('dept_tree(id)', (w) =>
    w
      .selectFrom('department')
      .select('department.id')
      .where('department.portal_id', '=', portalId)
      .where('department.id', '=', departmentId)
      .unionAll(w.selectFrom('department as d').innerJoin('dept_tree', 'dept_tree.id', 'd.parent_id').select('d.id').where('d.portal_id', '=', portalId)),
  );
  return (db as unknown as Kysely<Database>)
    .selectFrom('app_user')
    .where('app_user.portal_id', '=', portalId)
    .where('app_user.department_id', 'in', tree.selectFrom('dept_tree').select('dept_tree.id') as any);
}

/** The department and every department above it (ids), as a subquery of the caller's statement. */
export function departmentAncestorsQuery(db: Kysely<any>, portalId: number, departmentId: number): SelectQueryBuilder<any, any, { id: number }> {
  const up = db.withRecursive('dept_up(id, parent_id)', (w) =>
    w
      .selectFrom('department')
      .select(['department.id', 'department.parent_id'])
      .where('department.portal_id', '=', portalId)
      .where('department.id', '=', departmentId)
      // union, not union all: a loop in the structure ends the walk instead of running it forever
      .union(w.selectFrom('department as d').innerJoin('dept_up', 'dept_up.parent_id', 'd.id').select(['d.id', 'd.parent_id']).where('d.portal_id', '=', portalId)),
  );
  return up.selectFrom('dept_up').select('dept_up.id') as any;
}

/** The departments a user is the head of (ids), as a subquery of the caller's statement. */
export function departmentsHeadedQuery(db: Kysely<any>, portalId: number, userId: number): SelectQueryBuilder<any, any, { id: number }> {
  // eslint-disable-next-line portal/scoped-tables -- a building block of a bare statement: the portal is named here
  return db.selectFrom('department').select('department.id').where('department.portal_id', '=', portalId).where('department.head_id', '=', userId) as any;
}

/**
 * The invited member of an account becomes active (an invitation link was followed); recorded
 * like any change, so history and administrators learn of it. In the caller's transaction.
 */
export async function activateInvited(base: { db: Queryable; sys: CtxServices }, portal: PortalRow, accountId: number, lang: Lang): Promise<void> {
  const user = await scoped({ db: base.db, portal })
    .selectFrom('app_user')
    .select(['id', 'version', 'role', 'department_id', 'language'])
    .where('portal_id', '=', portal.id)
    .where('account_id', '=', accountId)
    .where('status', '=', 'invited')
    .executeTakeFirst();
  if (!user) return;
  await scoped({ db: base.db, portal })
    .updateTable('app_user')
    .set({ status: 'active', version: user.version + 1, updated_at: nowIso() })
    .where('id', '=', user.id)
    .execute();
  const actor: Actor = { userId: user.id, accountId, portalId: portal.id, role: user.role, departmentId: user.department_id, language: user.language };
  await recordEvent({ db: base.db, portal, actor, lang, requestId: 'invite', sys: base.sys }, usersEvents.userActivated, {
    entityType: 'user',
    entityId: user.id,
    changes: [{ field: 'status', old: 'invited', new: 'active' }],
  });
}

/** Creating a portal (its first administrator invited) is the users module's: the operator and the demo call it. */
export { createPortal, inviteFirstAdmin } from './provision.js';

/**
 * The department of that name (the first one, when several have it), made under the top of the
 * structure when there is none — the top itself made too, named after the portal, in a portal
 * that has no departments yet: what a preset that names a department relies on.
 */
export async function ensureDepartment(ctx: Ctx, name: string): Promise<number> {
  const found = await scoped(ctx).selectFrom('department').select('id').where('name', '=', name).orderBy('id').executeTakeFirst();
  if (found) return found.id;
  return addDepartment(ctx, name, await rootDepartment(ctx));
}

export * from './accounts.js';
