import { OPEN_TASK_STATUSES, type TaskCounters } from '@vavilon/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';

/**
 * The viewer's counters, each read from their own rows of `task_member` (status and deadline are
 * copied there), so they cost an index range whatever the portal's size. A participant always
 * sees their task, so no further rights test is needed.
 * - overdue: open tasks they do (responsible, accomplice) whose deadline has passed;
 * - comments: open tasks of theirs with comments after their last look at the card;
 * - control: tasks they created that wait for their control («Ждут контроля»).
 */
export async function taskCounters(ctx: Ctx): Promise<TaskCounters> {
  if (!ctx.actor) return { overdue: 0, comments: 0, control: 0 };
  const me = ctx.actor.userId;
  const mine = () => scoped(ctx).selectFrom('task_member').where('task_member.user_id', '=', me);
  const [overdue, comments, control] = await Promise.all([
    mine()
      .select(sql<number>`count(distinct task_member.task_id)`.as('n'))
      .where('task_member.role', 'in', ['responsible', 'accomplice'])
      .where('task_member.status', 'in', [...OPEN_TASK_STATUSES])
      .where('task_member.deadline', '<', nowIso())
      .executeTakeFirst(),
    scoped(ctx)
      .selectFrom('task')
      .select(sql<number>`count(*)`.as('n'))
      .where('task.comments_count', '>', 0)
      .where(
        'task.id',
        'in',
        mine()
          .select('task_member.task_id')
          .where('task_member.status', 'in', [...OPEN_TASK_STATUSES]),
      )
      .where(
        'task.comments_count',
        '>',
        (eb) =>
          eb.fn.coalesce(
            eb
              .selectFrom('task_view')
              .select('task_view.seen_comments')
              .whereRef('task_view.task_id', '=', 'task.id')
              .where('task_view.user_id', '=', me)
              .where('task_view.portal_id', '=', ctx.portal.id),
            eb.lit(0),
          ) as never,
      )
      .executeTakeFirst(),
    mine()
      .select(sql<number>`count(*)`.as('n'))
      .where('task_member.role', '=', 'creator')
      .where('task_member.status', '=', 'review')
      .executeTakeFirst(),
  ]);
  return { overdue: Number(overdue?.n ?? 0), comments: Number(comments?.n ?? 0), control: Number(control?.n ?? 0) };
}

/** The menu's number beside «Задачи и проекты»: everything that waits for the user. */
export async function menuCounter(ctx: Ctx): Promise<number | null> {
  const c = await taskCounters(ctx);
  return c.overdue + c.comments + c.control || null;
}
