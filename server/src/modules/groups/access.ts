import type { AccessChecker, AccessRegistrations } from '../../platform/access.js';
import { scoped } from '../../platform/db/scoped.js';
import type { RealtimeAudience } from '../../platform/realtime/audience.js';

/** Open and closed groups are seen by every employee; a secret one by its members (and invitees) only. */
const readable: AccessChecker = async (ctx, ids) => {
  const me = ctx.actor!.userId;
  const rows = await scoped(ctx)
    .selectFrom('work_group')
    .leftJoin('work_group_member as m', (j) => j.onRef('m.group_id', '=', 'work_group.id').on('m.user_id', '=', me))
    .select(['work_group.id', 'work_group.visibility', 'm.status'])
    .where('work_group.id', 'in', ids)
    .execute();
  return rows.filter((r) => r.visibility !== 'secret' || r.status === 'member' || r.status === 'invited').map((r) => r.id);
};

/** The owner and moderators change a group. */
const moderated: AccessChecker = async (ctx, ids) => {
  const rows = await scoped(ctx)
    .selectFrom('work_group_member')
    .select('group_id')
    .where('group_id', 'in', ids)
    .where('user_id', '=', ctx.actor!.userId)
    .where('status', '=', 'member')
    .where('role', 'in', ['owner', 'moderator'])
    .execute();
  return rows.map((r) => r.group_id);
};

/** Only the owner deletes a group. */
const owned: AccessChecker = async (ctx, ids) => {
  const rows = await scoped(ctx).selectFrom('work_group').select('id').where('id', 'in', ids).where('owner_id', '=', ctx.actor!.userId).execute();
  return rows.map((r) => r.id);
};

export const groupsAccess: AccessRegistrations = {
  work_group: { table: 'work_group', read: readable, update: moderated, delete: owned },
};

/** A group's change is heard by those who may see it; a deleted one by its members (the event names them). */
export const groupsRealtime: Record<string, RealtimeAudience> = {
  work_group: { gone: async (ctx, e) => Array.isArray(e.payload.memberIds) && (e.payload.memberIds as number[]).includes(ctx.actor?.userId ?? 0) },
};
