import { scrumEvents, type Sprint, type SprintComplete, type SprintInput, type SprintPatch } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { diff, recordEvent } from '../../../platform/events/outbox.js';
import { applyPatch } from '../service.js';
import { lockedSprint, pointsOf, projectTasks, scrumProject, toItems, type SprintRow, type TaskRow } from './project.js';

/** Sprints with their items as the planning and the Kanban show them. */
export async function toSprints(ctx: Ctx, sprints: SprintRow[], tasks: TaskRow[]): Promise<Sprint[]> {
  const items = await toItems(ctx, tasks);
  return sprints.map((s) => {
    const mine = tasks.filter((t) => t.sprint_id === s.id);
    return {
      id: s.id,
      title: s.title,
      goal: s.goal,
      status: s.status,
      dateStart: s.date_start,
      dateEnd: s.date_end,
      startedAt: s.started_at,
      completedAt: s.completed_at,
      plannedPoints: s.planned_points,
      completedPoints: s.completed_points,
      points: pointsOf(mine),
      donePoints: pointsOf(mine.filter((t) => t.status === 'completed')),
      version: s.version,
      items: items.filter((i) => i.sprintId === s.id),
    };
  });
}

async function oneSprint(ctx: Ctx, groupId: number, sprintId: number): Promise<Sprint> {
  const row = (await scoped(ctx).selectFrom('task_sprint').selectAll().where('id', '=', sprintId).executeTakeFirstOrThrow()) as SprintRow;
  const tasks = await projectTasks(ctx, groupId, (q) => q.where('task.sprint_id', '=', sprintId));
  return (await toSprints(ctx, [row], tasks))[0]!;
}

function checkDates(v: { date_start: string | null; date_end: string | null }, fields: FieldError[]): void {
  if (v.date_start && v.date_end && v.date_end < v.date_start) fields.push({ field: 'dateEnd', message: 'scrum.sprint_end_before_start' });
}

/** A planned sprint at the end of the project's list. */
export async function createSprint(ctx: Ctx, groupId: number, input: SprintInput): Promise<Sprint> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const values = { date_start: input.dateStart ?? null, date_end: input.dateEnd ?? null };
    const fields: FieldError[] = [];
    checkDates(values, fields);
    if (fields.length) throw errors.validation(fields);
    const last = await scoped(tx)
      .selectFrom('task_sprint')
      .select((eb) => eb.fn.max('sort').as('sort'))
      .where('group_id', '=', groupId)
      .executeTakeFirst();
    const row = await scoped(tx)
      .insertInto('task_sprint', {
        group_id: groupId,
        title: input.title,
        goal: input.goal ?? '',
        status: 'planned',
        ...values,
        started_at: null,
        completed_at: null,
        planned_points: null,
        completed_points: null,
        sort: Number(last?.sort ?? 0) + 1,
        created_by: tx.actor!.userId,
        created_at: nowIso(),
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, scrumEvents.sprintCreated, { entityType: 'task_sprint', entityId: row.id, payload: { title: input.title, groupId } });
    return oneSprint(tx, groupId, row.id);
  });
}

/** Title, goal and dates, on the version the user saw; a completed sprint is history and stays as it was. */
export async function updateSprint(ctx: Ctx, groupId: number, sprintId: number, patch: SprintPatch): Promise<Sprint> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const row = await lockedSprint(tx, groupId, sprintId);
    if (row.version !== patch.version) throw errors.conflict();
    if (row.status === 'completed') throw errors.field('status', 'scrum.sprint_completed');
    const next: Partial<SprintRow> = {};
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.goal !== undefined) next.goal = patch.goal;
    if (patch.dateStart !== undefined) next.date_start = patch.dateStart;
    if (patch.dateEnd !== undefined) next.date_end = patch.dateEnd;
    const fields: FieldError[] = [];
    checkDates({ ...row, ...next }, fields);
    if (fields.length) throw errors.validation(fields);
    const changes = diff(row, next, ['title', 'goal', 'date_start', 'date_end']);
    if (changes.length) {
      await scoped(tx)
        .updateTable('task_sprint')
        .set({ ...next, version: row.version + 1 })
        .where('id', '=', sprintId)
        .execute();
      await recordEvent(tx, scrumEvents.sprintUpdated, { entityType: 'task_sprint', entityId: sprintId, payload: { title: next.title ?? row.title, groupId }, changes });
    }
    return oneSprint(tx, groupId, sprintId);
  });
}

/** Deletes a planned sprint; its items go back to the backlog. */
export async function deleteSprint(ctx: Ctx, groupId: number, sprintId: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const row = await lockedSprint(tx, groupId, sprintId);
    if (row.status !== 'planned') throw errors.field('status', 'scrum.sprint_not_planned');
    await moveItems(tx, await projectTasks(tx, groupId, (q) => q.where('task.sprint_id', '=', sprintId)), null);
    await scoped(tx).deleteFrom('task_sprint').where('id', '=', sprintId).execute();
    await recordEvent(tx, scrumEvents.sprintDeleted, { entityType: 'task_sprint', entityId: sprintId, payload: { title: row.title, groupId } });
  });
}

/** Puts tasks into a sprint (or the backlog), each a change of the task with its own event. */
async function moveItems(ctx: Ctx, rows: TaskRow[], sprintId: number | null): Promise<void> {
  for (const row of rows) await applyPatch(ctx, row, { sprintId });
}

/**
 * «Начать спринт»: one active sprint per project, with both dates; the story points of its items
 * are recorded as planned.
 */
export async function startSprint(ctx: Ctx, groupId: number, sprintId: number, version: number): Promise<Sprint> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const row = await lockedSprint(tx, groupId, sprintId);
    if (row.version !== version) throw errors.conflict();
    if (row.status !== 'planned') throw errors.field('status', 'scrum.sprint_not_planned');
    const fields: FieldError[] = [];
    if (!row.date_start) fields.push({ field: 'dateStart', message: 'scrum.sprint_dates_required' });
    if (!row.date_end) fields.push({ field: 'dateEnd', message: 'scrum.sprint_dates_required' });
    if (fields.length) throw errors.validation(fields);
    const active = await scoped(tx).selectFrom('task_sprint').select('id').where('group_id', '=', groupId).where('status', '=', 'active').executeTakeFirst();
    if (active) throw errors.field('sprintId', 'scrum.sprint_already_active');
    const items = await scoped(tx).selectFrom('task').select('story_points').where('sprint_id', '=', sprintId).execute();
    const planned = pointsOf(items);
    await scoped(tx)
      .updateTable('task_sprint')
      .set({ status: 'active', started_at: nowIso(), planned_points: planned, version: row.version + 1 })
      .where('id', '=', sprintId)
      .execute();
    await recordEvent(tx, scrumEvents.sprintStarted, {
      entityType: 'task_sprint',
      entityId: sprintId,
      payload: { title: row.title, plannedPoints: planned, groupId },
      changes: [{ field: 'status', old: 'planned', new: 'active' }],
    });
    return oneSprint(tx, groupId, sprintId);
  });
}

/**
 * «Завершить спринт»: the story points of its completed items are recorded, and the unfinished
 * items go to the backlog or to a planned sprint of the project, as the user chose.
 */
export async function completeSprint(ctx: Ctx, groupId: number, sprintId: number, input: SprintComplete): Promise<Sprint> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const row = await lockedSprint(tx, groupId, sprintId);
    if (row.version !== input.version) throw errors.conflict();
    if (row.status !== 'active') throw errors.field('status', 'scrum.sprint_not_active');
    const target = input.carryOverSprintId;
    if (target !== null) {
      const next = await scoped(tx).selectFrom('task_sprint').select('status').where('id', '=', target).where('group_id', '=', groupId).executeTakeFirst();
      if (!next || next.status !== 'planned') throw errors.field('carryOverSprintId', 'scrum.carry_over_invalid');
    }
    // Every item of the sprint counts here, also those the actor may not open: the sprint is the team's.
    const items = (await scoped(tx).selectFrom('task').selectAll().where('sprint_id', '=', sprintId).orderBy('scrum_sort').orderBy('id').execute()) as TaskRow[];
    const done = items.filter((t) => t.status === 'completed');
    const open = items.filter((t) => t.status !== 'completed');
    await moveItems(tx, open, target);
    const completed = pointsOf(done);
    await scoped(tx)
      .updateTable('task_sprint')
      .set({ status: 'completed', completed_at: nowIso(), completed_points: completed, version: row.version + 1 })
      .where('id', '=', sprintId)
      .execute();
    await recordEvent(tx, scrumEvents.sprintCompleted, {
      entityType: 'task_sprint',
      entityId: sprintId,
      payload: { title: row.title, completedPoints: completed, carriedOver: open.map((t) => t.id), carryOverSprintId: target, groupId },
      changes: [{ field: 'status', old: 'active', new: 'completed' }],
    });
    return oneSprint(tx, groupId, sprintId);
  });
}
