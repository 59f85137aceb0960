import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { AccessChecker, AccessRegistrations } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { scoped } from '../../platform/db/scoped.js';
import type { RealtimeAudience } from '../../platform/realtime/audience.js';
import { groupRoles, memberGroupsQuery } from '../groups/api.js';
import { subordinateIds } from '../users/api.js';
import type { TaskRole } from './schema.js';

/**
 * Who sees a task: its participants (creator, responsible, accomplices, auditors), the members of
 * its group, and the heads of the departments its participants work in (they see their
 * subordinates' tasks). Portal administrators see every task (checkAccess decides that).
 * Everybody else is told the task does not exist.
 */
export interface Viewer {
  userId: number;
  /** The viewer and everyone they head. */
  people: number[];
}

export async function viewerOf(ctx: Ctx): Promise<Viewer> {
  const me = ctx.actor!.userId;
  return { userId: me, people: [me, ...(await subordinateIds(ctx, me))] };
}

/**
 * The rights test as a condition on `task` inside a caller's statement (lists, counters, Gantt,
 * reports, search): the one definition of who sees which task. Administrators get no condition.
 */
export function readableTasks(ctx: Ctx, viewer: Viewer | null) {
  return (eb: ExpressionBuilder<Database, 'task'>) => {
    // No condition for an administrator (`true` as SQL both databases read: SQLite binds no booleans).
    if (!viewer) return sql<SqlBool>`1 = 1`;
    const byPeople = eb.exists(
      eb
        .selectFrom('task_member')
        .select(eb.lit(1).as('one'))
        .whereRef('task_member.task_id', '=', 'task.id')
        .where('task_member.portal_id', '=', ctx.portal.id)
        .where('task_member.user_id', 'in', viewer.people),
    );
    return eb.or([byPeople, eb('task.group_id', 'in', memberGroupsQuery(ctx, viewer.userId))]);
  };
}

/** The viewer for a statement: none (no condition) for a portal administrator. */
export async function viewerFor(ctx: Ctx): Promise<Viewer | null> {
  return ctx.actor?.role === 'admin' ? null : viewerOf(ctx);
}

/** How the actor stands to each task: their roles, whether they moderate its group, whether they head its creator or responsible. */
export interface Standing {
  roles: Set<TaskRole>;
  groupModerator: boolean;
  groupMember: boolean;
  headOfCreatorOrResponsible: boolean;
  headOfParticipant: boolean;
  admin: boolean;
}

export async function standings(ctx: Ctx, ids: number[]): Promise<Map<number, Standing>> {
  const out = new Map<number, Standing>();
  if (!ids.length || !ctx.actor) return out;
  const me = ctx.actor.userId;
  const admin = ctx.actor.role === 'admin';
  const [tasks, members, subs] = await Promise.all([
    scoped(ctx).selectFrom('task').select(['id', 'group_id', 'creator_id', 'responsible_id']).where('id', 'in', ids).execute(),
    scoped(ctx).selectFrom('task_member').select(['task_id', 'user_id', 'role']).where('task_id', 'in', ids).execute(),
    subordinateIds(ctx, me),
  ]);
  const subSet = new Set(subs);
  const groups = await groupRoles(
    ctx,
    me,
    tasks.map((t) => t.group_id),
  );
  for (const t of tasks) {
    const mine = members.filter((m) => m.task_id === t.id);
    const role = t.group_id ? groups.get(t.group_id) : undefined;
    out.set(t.id, {
      roles: new Set(mine.filter((m) => m.user_id === me).map((m) => m.role)),
      groupMember: !!role,
      groupModerator: role === 'owner' || role === 'moderator',
      headOfCreatorOrResponsible: [t.creator_id, t.responsible_id].some((u) => u !== null && subSet.has(u)),
      headOfParticipant: mine.some((m) => subSet.has(m.user_id)),
      admin,
    });
  }
  return out;
}

export const canRead = (s: Standing) => s.admin || s.roles.size > 0 || s.groupMember || s.headOfParticipant;
/** The creator and the responsible edit a task, as do the heads of either, its group's moderators and administrators. */
export const canEdit = (s: Standing) => s.admin || s.roles.has('creator') || s.roles.has('responsible') || s.headOfCreatorOrResponsible || s.groupModerator;
export const canDelete = (s: Standing) => s.admin || s.roles.has('creator') || s.headOfCreatorOrResponsible || s.groupModerator;
/** Start, pause, complete, defer: who does the work (responsible, accomplices) and who may edit. */
export const canChangeStatus = (s: Standing) => canEdit(s) || s.roles.has('accomplice');

const checker =
  (test: (s: Standing) => boolean): AccessChecker =>
  async (ctx, ids) => {
    const map = await standings(ctx, ids);
    return [...map].filter(([, s]) => test(s)).map(([id]) => id);
  };

export const tasksAccess: AccessRegistrations = {
  task: { table: 'task', read: checker(canRead), update: checker(canEdit), delete: checker(canDelete) },
};

/** A deleted task is heard by its participants (the event names them). */
export const tasksRealtime: Record<string, RealtimeAudience> = {
  task: { gone: async (ctx, e) => Array.isArray(e.payload.participants) && (e.payload.participants as number[]).includes(ctx.actor?.userId ?? 0) },
};
