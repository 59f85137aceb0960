import type { AccessChecker, AccessRegistrations } from '../../../platform/access.js';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { RealtimeAudience } from '../../../platform/realtime/audience.js';
import { memberGroupIds } from '../../groups/api.js';

/** Sprints and epics belong to their Scrum project: its members read them (and hear their changes). */
const ofMyProjects =
  (table: 'task_sprint' | 'task_epic'): AccessChecker =>
  async (ctx: Ctx, ids) => {
    const groups = await memberGroupIds(ctx, ctx.actor!.userId);
    if (!groups.length) return [];
    const rows = await scoped(ctx).selectFrom(table).select('id').where('id', 'in', ids).where('group_id', 'in', groups).execute();
    return rows.map((r) => r.id);
  };

export const scrumAccess: AccessRegistrations = {
  task_sprint: { table: 'task_sprint', read: ofMyProjects('task_sprint') },
  task_epic: { table: 'task_epic', read: ofMyProjects('task_epic') },
};

/** Heard by the project's members; a deleted sprint or epic by those of the project its event names. */
const projectAudience: RealtimeAudience = { gone: async (ctx, e) => !!ctx.actor && (await memberGroupIds(ctx, ctx.actor.userId)).includes(Number(e.payload.groupId)) };
export const scrumRealtime: Record<string, RealtimeAudience> = { task_sprint: projectAudience, task_epic: projectAudience };
