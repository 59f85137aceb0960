import { scrumEvents, type ScrumColumn, type ScrumItem, type ScrumItemInput, type ScrumItemPatch, type ScrumPlace, type TaskAction, type TaskPatch } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { canChangeStatus, standings } from '../access.js';
import { applyAction, applyPatch, completionChecks, createTask, setStatus } from '../service.js';
import { lockedItem, projectTasks, scrumProject, toItems, type TaskRow } from './project.js';

async function oneItem(ctx: Ctx, groupId: number, taskId: number): Promise<ScrumItem> {
  return (await toItems(ctx, await projectTasks(ctx, groupId, (q) => q.where('task.id', '=', taskId))))[0]!;
}

/** An epic of this project and a sprint of it that is not over: anything else is a 400 on its field. */
async function checkPlan(ctx: Ctx, groupId: number, v: { epicId?: number | null; sprintId?: number | null; storyPoints?: number | null }, fields: FieldError[]): Promise<void> {
  if (v.storyPoints !== undefined && v.storyPoints !== null && v.storyPoints < 0) fields.push({ field: 'storyPoints', message: 'scrum.points_negative' });
  if (v.epicId) {
    const epic = await scoped(ctx).selectFrom('task_epic').select('id').where('id', '=', v.epicId).where('group_id', '=', groupId).executeTakeFirst();
    if (!epic) fields.push({ field: 'epicId', message: 'scrum.epic_invalid' });
  }
  if (v.sprintId) {
    const sprint = await scoped(ctx).selectFrom('task_sprint').select('status').where('id', '=', v.sprintId).where('group_id', '=', groupId).executeTakeFirst();
    if (!sprint || sprint.status === 'completed') fields.push({ field: 'sprintId', message: 'scrum.sprint_invalid' });
  }
}

/** The next place at the end of the backlog or a sprint. */
async function endOf(ctx: Ctx, groupId: number, sprintId: number | null): Promise<number> {
  let q = scoped(ctx)
    .selectFrom('task')
    .select((eb) => eb.fn.max('scrum_sort').as('sort'))
    .where('group_id', '=', groupId);
  q = sprintId === null ? q.where('sprint_id', 'is', null) : q.where('sprint_id', '=', sprintId);
  return Number((await q.executeTakeFirst())?.sort ?? 0) + 1;
}

/** A new task of the project at the end of the backlog (or of a sprint). */
export async function createItem(ctx: Ctx, groupId: number, input: ScrumItemInput): Promise<ScrumItem> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const fields: FieldError[] = [];
    await checkPlan(tx, groupId, input, fields);
    if (fields.length) throw errors.validation(fields);
    const sort = await endOf(tx, groupId, input.sprintId ?? null);
    const task = await createTask(tx, { title: input.title, groupId, storyPoints: input.storyPoints ?? null, epicId: input.epicId ?? null, sprintId: input.sprintId ?? null });
    await scoped(tx).updateTable('task').set({ scrum_sort: sort }).where('id', '=', task.id).execute();
    return oneItem(tx, groupId, task.id);
  });
}

/** Story points and epic, edited inline by any member of the project. */
export async function updateItem(ctx: Ctx, groupId: number, taskId: number, patch: ScrumItemPatch): Promise<ScrumItem> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const row = await lockedItem(tx, groupId, taskId);
    if (row.version !== patch.version) throw errors.conflict();
    const fields: FieldError[] = [];
    await checkPlan(tx, groupId, patch, fields);
    if (fields.length) throw errors.validation(fields);
    const change: Omit<TaskPatch, 'version'> = {};
    if (patch.storyPoints !== undefined) change.storyPoints = patch.storyPoints;
    if (patch.epicId !== undefined) change.epicId = patch.epicId;
    await applyPatch(tx, row, change);
    return oneItem(tx, groupId, taskId);
  });
}

/**
 * A drag in «Планирование»: the task goes into a sprint that is not over (or the backlog) right
 * under `afterId`; the list it lands in is renumbered.
 */
export async function placeItem(ctx: Ctx, groupId: number, taskId: number, place: ScrumPlace): Promise<ScrumItem> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const row = await lockedItem(tx, groupId, taskId);
    if (row.version !== place.version) throw errors.conflict();
    const fields: FieldError[] = [];
    await checkPlan(tx, groupId, { sprintId: place.sprintId }, fields);
    if (fields.length) throw errors.validation(fields);
    let q = scoped(tx).selectFrom('task').select(['id', 'scrum_sort']).where('group_id', '=', groupId).where('id', '!=', taskId);
    q = place.sprintId === null ? q.where('sprint_id', 'is', null) : q.where('sprint_id', '=', place.sprintId);
    const list = await q.orderBy('scrum_sort').orderBy('id').execute();
    const at = place.afterId === null ? 0 : list.findIndex((t) => t.id === place.afterId) + 1;
    if (place.afterId !== null && at === 0) throw errors.field('afterId', 'scrum.after_invalid');
    const order = [...list.slice(0, at).map((t) => t.id), taskId, ...list.slice(at).map((t) => t.id)];
    for (const [i, id] of order.entries()) {
      const was = id === taskId ? row.scrum_sort : list.find((t) => t.id === id)!.scrum_sort;
      if (was !== i + 1)
        await scoped(tx)
          .updateTable('task')
          .set({ scrum_sort: i + 1 })
          .where('id', '=', id)
          .execute();
    }
    if (place.sprintId !== row.sprint_id) await applyPatch(tx, { ...row, scrum_sort: at + 1 }, { sprintId: place.sprintId });
    else
      await scoped(tx)
        .updateTable('task')
        .set({ version: row.version + 1 })
        .where('id', '=', taskId)
        .execute();
    await recordEvent(tx, scrumEvents.itemPlaced, { entityType: 'task', entityId: taskId, payload: { title: row.title, sprintId: place.sprintId, groupId } });
    return oneItem(tx, groupId, taskId);
  });
}

/** The core status actions that take a task from one status to a column of the sprint's Kanban. */
const PATHS: Record<ScrumColumn, Partial<Record<TaskRow['status'], TaskAction[]>>> = {
  pending: { in_progress: ['pause'], review: ['renew'], completed: ['renew'], deferred: ['renew'] },
  in_progress: { pending: ['start'], deferred: ['start'], review: ['renew', 'start'], completed: ['renew', 'start'] },
  review: {},
  completed: { pending: ['complete'], in_progress: ['complete'], deferred: ['complete'], review: ['approve'] },
};

/**
 * A drag on the sprint's Kanban changes the task's status by the task's own rules: the status
 * actions of its card (who may start, complete, accept the work...). «Ждёт контроля» is where a
 * finished task waits for its creator: it is reached from an open status with the same rights and
 * checks as completing.
 */
export async function moveItem(ctx: Ctx, groupId: number, taskId: number, to: ScrumColumn, version: number): Promise<ScrumItem> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const row = await lockedItem(tx, groupId, taskId);
    if (row.version !== version) throw errors.conflict();
    if (row.sprint_id === null) throw errors.field('sprintId', 'scrum.not_in_sprint');
    if (row.status === to) return oneItem(tx, groupId, taskId);
    if (to === 'review') {
      if (row.status !== 'pending' && row.status !== 'in_progress') throw new AppError(400, 'validation', 'tasks.action_invalid', {}, [{ field: 'status', message: 'tasks.action_invalid' }]);
      const standing = (await standings(tx, [taskId])).get(taskId);
      if (!standing || !canChangeStatus(standing)) throw errors.forbidden();
      for (const check of completionChecks) await check(tx, row);
      await setStatus(tx, row, 'review');
    } else {
      const path = PATHS[to][row.status];
      if (!path) throw new AppError(400, 'validation', 'tasks.action_invalid', {}, [{ field: 'status', message: 'tasks.action_invalid' }]);
      for (const [i, action] of path.entries()) await applyAction(tx, taskId, action, i === 0 ? { version } : {});
    }
    return oneItem(tx, groupId, taskId);
  });
}
