import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { registerCalendarLayer } from '../../calendar/api.js';
import { readableTasks, viewerFor } from '../access.js';

const url = (id: number) => `/tasks/task/${id}`;
// The tasks a person does or set: those they answer for, help with or created (not those they only watch).
const ROLES = ['responsible', 'accomplice', 'creator'] as const;

/** The person's open tasks that the viewer may see, as a condition on `task`. */
function ownTasks(ctx: Ctx, userId: number) {
  return scoped(ctx)
    .selectFrom('task')
    .where('task.status', '!=', 'completed')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('task_member')
          .select(eb.lit(1).as('one'))
          .whereRef('task_member.task_id', '=', 'task.id')
          .where('task_member.portal_id', '=', ctx.portal.id)
          .where('task_member.user_id', '=', userId)
          .where('task_member.role', 'in', [...ROLES]),
      ),
    );
}

/** «Крайний срок» of the person's open tasks in «Мой календарь»: a point at the deadline, opening the task card. */
export function registerTaskCalendarLayers(): void {
  registerCalendarLayer({
    id: 'tasks.deadlines',
    async items(ctx, userId, from, to) {
      const viewer = await viewerFor(ctx);
      const rows = await ownTasks(ctx, userId)
        .where(readableTasks(ctx, viewer))
        .where('task.deadline', '>=', from.toISOString())
        .where('task.deadline', '<', to.toISOString())
        .select(['task.id', 'task.title', 'task.deadline'])
        .orderBy('task.deadline')
        .limit(500)
        .execute();
      return rows.map((r) => ({ id: `deadline:${r.id}`, title: r.title, startAt: r.deadline!, endAt: null, url: url(r.id) }));
    },
  });
  // The planned span («Планирование сроков»: start and end) of the tasks that have both.
  registerCalendarLayer({
    id: 'tasks.plans',
    async items(ctx, userId, from, to) {
      const viewer = await viewerFor(ctx);
      const rows = await ownTasks(ctx, userId)
        .where(readableTasks(ctx, viewer))
        .where('task.start_plan', 'is not', null)
        .where('task.end_plan', 'is not', null)
        .where('task.start_plan', '<', to.toISOString())
        .where('task.end_plan', '>', from.toISOString())
        .select(['task.id', 'task.title', 'task.start_plan', 'task.end_plan'])
        .orderBy('task.start_plan')
        .limit(500)
        .execute();
      return rows.map((r) => ({ id: `plan:${r.id}`, title: r.title, startAt: r.start_plan!, endAt: r.end_plan!, url: url(r.id) }));
    },
  });
}
