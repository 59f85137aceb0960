import { sql } from 'kysely';
import { DEADLINE_COLUMNS, DEADLINE_ROLES, OPEN_TASK_STATUSES, type BoardPage, type DeadlineColumnId, type DeadlinesBoard, type Task } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError } from '../../../platform/errors.js';
import { viewerFor } from '../access.js';
import { updateTask } from '../service.js';
import { cardsOf, PAGE } from './cards.js';
import { deadlineBounds, deadlineFor, isTimeZone, type DeadlineBounds } from './zone.js';

function zone(tz: string): string {
  if (!isTimeZone(tz)) throw new AppError(400, 'validation', 'error.validation', {}, [{ field: 'tz', message: 'tasks.boards.zone_invalid' }]);
  return tz;
}

/** The column of each of the user's rows, as SQL: the same rule as `columnOf`. */
function columnSql(b: DeadlineBounds) {
  return sql<DeadlineColumnId>`case
    when task_member.deadline is null then 'none'
    when task_member.deadline < ${b.now} then 'overdue'
    when task_member.deadline < ${b.tomorrow} then 'today'
    when task_member.deadline < ${b.nextWeek} then 'week'
    when task_member.deadline < ${b.weekAfter} then 'next_week'
    else 'later' end`;
}

/**
 * The user's open tasks where they are responsible or an accomplice, with the column of each:
 * their own membership rows, read from one index. Each such row makes the task readable to them
 * (`readableTasks` admits every participant), so the rights condition is applied where it can
 * matter and costs little: on the cards shown (`cardsOf`). Joining it here cost about 100 ms for
 * a user with 7,000 open tasks among 1,000,000.
 */
function mine(ctx: Ctx, b: DeadlineBounds) {
  return scoped(ctx)
    .selectFrom('task_member')
    .where('task_member.user_id', '=', ctx.actor!.userId)
    .where('task_member.role', 'in', [...DEADLINE_ROLES])
    .where('task_member.status', 'in', [...OPEN_TASK_STATUSES])
    .select(['task_member.task_id as task_id', 'task_member.deadline as deadline', columnSql(b).as('col')]);
}

/**
 * «Сроки» in one statement: every column's count and its first cards (ranked within the column
 * by deadline), for the user's day and week in their zone.
 */
export async function deadlinesBoard(ctx: Ctx, tz: string, now = new Date()): Promise<DeadlinesBoard> {
  const b = deadlineBounds(now, zone(tz));
  const viewer = await viewerFor(ctx);
  const rows = await ctx.db
    .with('mine', () => mine(ctx, b))
    .with('ranked', (db) =>
      db.selectFrom('mine').select(['task_id', 'col', sql<number>`row_number() over (partition by col order by deadline, task_id)`.as('rn'), sql<number>`count(*) over (partition by col)`.as('cnt')]),
    )
    .selectFrom('ranked')
    .selectAll()
    .where('rn', '<=', PAGE + 1)
    .orderBy('col')
    .orderBy('rn')
    .execute();
  const cards = await cardsOf(
    ctx,
    rows.filter((r) => Number(r.rn) <= PAGE).map((r) => r.task_id),
    viewer,
  );
  const byId = new Map(cards.map((c) => [c.id, c]));
  return {
    roles: [...DEADLINE_ROLES],
    columns: DEADLINE_COLUMNS.map((id) => {
      const of = rows.filter((r) => r.col === id);
      return {
        id,
        count: Number(of[0]?.cnt ?? 0),
        cards: of.flatMap((r) => (Number(r.rn) <= PAGE ? (byId.get(r.task_id) ?? []) : [])),
        hasMore: of.length > PAGE,
      };
    }),
  };
}

/** The cards of one column after the first `offset` («Загрузить ещё»). */
export async function deadlineColumn(ctx: Ctx, column: DeadlineColumnId, tz: string, offset: number, now = new Date()): Promise<BoardPage> {
  const b = deadlineBounds(now, zone(tz));
  const viewer = await viewerFor(ctx);
  const rows = await ctx.db
    .with('mine', () => mine(ctx, b))
    .selectFrom('mine')
    .select('task_id')
    .where('col', '=', column)
    .orderBy('deadline')
    .orderBy('task_id')
    .limit(PAGE + 1)
    .offset(offset)
    .execute();
  return {
    cards: await cardsOf(
      ctx,
      rows.slice(0, PAGE).map((r) => r.task_id),
      viewer,
    ),
    hasMore: rows.length > PAGE,
  };
}

/**
 * A card dropped on a column gets the deadline that fits it, through the task's own update: a
 * locked deadline is refused (403 with the reason) for anyone but its creator or an administrator.
 */
export async function moveToColumn(ctx: Ctx, taskId: number, input: { column: DeadlineColumnId; tz: string; version: number }, now = new Date()): Promise<Task> {
  const target = deadlineFor(input.column, now, zone(input.tz));
  if (!target.ok) {
    const key = input.column === 'overdue' ? 'tasks.boards.overdue_target' : 'tasks.boards.week_over';
    throw new AppError(400, 'validation', key, {}, [{ field: 'column', message: key }]);
  }
  return updateTask(ctx, taskId, { deadline: target.deadline, version: input.version });
}
