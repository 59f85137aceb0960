/**
 * What other modules use of groups and projects: who is in a group and with which role, the
 * groups' names, and a subquery of a user's groups for rights inside another module's statement.
 */
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { GroupKind, GroupRole } from './schema.js';

export { createGroup, memberIdsOf, type NewGroup } from './service.js';

export interface GroupRef {
  id: number;
  name: string;
  kind: GroupKind;
  archived: boolean;
}

/** The ids of the groups the user is a member of (invitations and requests not counted), as a subquery. */
export function memberGroupsQuery(ctx: Ctx, userId: number) {
  return scoped(ctx).selectFrom('work_group_member').select('work_group_member.group_id').where('work_group_member.user_id', '=', userId).where('work_group_member.status', '=', 'member');
}

export async function memberGroupIds(ctx: Ctx, userId: number): Promise<number[]> {
  return (await memberGroupsQuery(ctx, userId).execute()).map((r) => r.group_id);
}

/** The user's role in each of `groupIds` they are a member of. */
export async function groupRoles(ctx: Ctx, userId: number, groupIds: Iterable<number | null | undefined>): Promise<Map<number, GroupRole>> {
  const ids = [...new Set([...groupIds].filter((g): g is number => typeof g === 'number'))];
  if (!ids.length) return new Map();
  const rows = await scoped(ctx).selectFrom('work_group_member').select(['group_id', 'role']).where('user_id', '=', userId).where('status', '=', 'member').where('group_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.group_id, r.role]));
}

/** Names and kinds of the groups of this portal among `ids`. */
export async function groupRefs(ctx: Ctx, ids: Iterable<number | null | undefined>): Promise<Map<number, GroupRef>> {
  const list = [...new Set([...ids].filter((g): g is number => typeof g === 'number'))];
  if (!list.length) return new Map();
  const rows = await scoped(ctx).selectFrom('work_group').select(['id', 'name', 'kind', 'archived']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, kind: r.kind, archived: !!r.archived }]));
}
