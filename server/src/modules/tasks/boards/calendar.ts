import { sql } from 'kysely';
import { CALENDAR_LIMIT, type TaskCalendar, type TaskCalendarQuery } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError } from '../../../platform/errors.js';
import { readableTasks, viewerFor } from '../access.js';
import { cardsOf } from './cards.js';

/** The longest window asked at once: a month view with its outside days, with room to spare. */
const MAX_WINDOW_DAYS = 62;

/**
 * «Календарь»: the user's tasks (any role, or the one asked) that they may see, whose deadline
 * falls in [from, to) or whose planned dates (start_plan..end_plan) overlap it.
 */
export async function taskCalendar(ctx: Ctx, q: TaskCalendarQuery): Promise<TaskCalendar> {
  const from = new Date(q.from).toISOString();
  const to = new Date(q.to).toISOString();
  if (to <= from || Date.parse(to) - Date.parse(from) > MAX_WINDOW_DAYS * 86_400_000)
    throw new AppError(400, 'validation', 'error.validation', {}, [{ field: 'to', message: 'tasks.boards.window_invalid', params: { days: MAX_WINDOW_DAYS } }]);
  const viewer = await viewerFor(ctx);
  const user = ctx.actor!.userId;
  const rows = await scoped(ctx)
    .selectFrom('task')
    .select('task.id')
    .where((eb) => {
      let member = eb
        .selectFrom('task_member')
        .select(eb.lit(1).as('one'))
        .whereRef('task_member.task_id', '=', 'task.id')
        .where('task_member.portal_id', '=', ctx.portal.id)
        .where('task_member.user_id', '=', user);
      if (q.role) member = member.where('task_member.role', '=', q.role);
      return eb.exists(member);
    })
    .where(readableTasks(ctx, viewer))
    .where((eb) =>
      eb.or([
        eb.and([eb('task.deadline', '>=', from), eb('task.deadline', '<', to)]),
        eb.and([eb('task.start_plan', 'is not', null), eb('task.start_plan', '<', to), eb(sql`coalesce(task.end_plan, task.start_plan)`, '>=', from)]),
      ]),
    )
    .orderBy(sql`coalesce(task.start_plan, task.deadline)`)
    .orderBy('task.id')
    .limit(CALENDAR_LIMIT + 1)
    .execute();
  return {
    items: await cardsOf(
      ctx,
      rows.slice(0, CALENDAR_LIMIT).map((r) => r.id),
      viewer,
    ),
    truncated: rows.length > CALENDAR_LIMIT,
  };
}
