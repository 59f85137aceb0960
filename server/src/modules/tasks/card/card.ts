import type { TaskCard, TaskInput, Task, SubtaskRef } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { groupRefs, memberGroupIds } from '../../groups/api.js';
import { userRefs } from '../../users/api.js';
import { readableTasks, viewerFor } from '../access.js';
import { createTask, readableTask } from '../service.js';
import { checklistsOf } from './checklist.js';
import { cardAbilities } from './common.js';
import { resultsOf } from './results.js';
import { timeOf } from './time.js';

/** The subtasks of a task the viewer may see, in the order they were made. */
async function subtasksOf(ctx: Ctx, taskId: number): Promise<SubtaskRef[]> {
  const viewer = await viewerFor(ctx);
  const rows = await scoped(ctx)
    .selectFrom('task')
    .select(['id', 'title', 'status', 'deadline', 'responsible_id'])
    .where('parent_id', '=', taskId)
    .where(readableTasks(ctx, viewer))
    .orderBy('id')
    .limit(500)
    .execute();
  const users = await userRefs(
    ctx,
    rows.map((r) => r.responsible_id).filter((u): u is number => u !== null),
  );
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, deadline: r.deadline, responsible: (r.responsible_id && users.get(r.responsible_id)) || null }));
}

/** The card's parts beyond the task: checklist, results, time, subtasks, and what the viewer may do with them. */
export async function getCard(ctx: Ctx, taskId: number): Promise<TaskCard> {
  const { row, standing } = await readableTask(ctx, taskId);
  const [checklists, results, time, subtasks] = await Promise.all([checklistsOf(ctx, [taskId]), resultsOf(ctx, taskId), timeOf(ctx, row), subtasksOf(ctx, taskId)]);
  return { checklist: checklists.get(taskId)!, results, time, subtasks, abilities: cardAbilities(row, standing) };
}

/** The card was opened: its comments up to now are no longer «new» to the viewer. */
export async function markViewed(ctx: Ctx, taskId: number): Promise<void> {
  const { row } = await readableTask(ctx, taskId);
  if (!ctx.actor) throw errors.unauthenticated();
  const now = nowIso();
  await scoped(ctx)
    .insertInto('task_view', { task_id: taskId, user_id: ctx.actor.userId, viewed_at: now, seen_comments: row.comments_count })
    .onConflict((oc) => oc.columns(['task_id', 'user_id']).doUpdateSet({ viewed_at: now, seen_comments: row.comments_count }))
    .execute();
}

/** A subtask made from the card: the parent must be one the viewer sees and may add to. */
export async function createSubtask(ctx: Ctx, parentId: number, input: TaskInput): Promise<Task> {
  const { row, standing } = await readableTask(ctx, parentId);
  if (!cardAbilities(row, standing).addSubtask) throw errors.forbidden();
  return createTask(ctx, { ...input, parentId, groupId: input.groupId === undefined ? row.group_id : input.groupId });
}

/** The groups and projects the viewer is a member of: where they may put a task. */
export async function groupChoices(ctx: Ctx) {
  if (!ctx.actor) throw errors.unauthenticated();
  const ids = await memberGroupIds(ctx, ctx.actor.userId);
  const refs = await groupRefs(ctx, ids);
  return {
    items: [...refs.values()]
      .filter((g) => !g.archived)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((g) => ({ id: g.id, name: g.name, kind: g.kind })),
  };
}
