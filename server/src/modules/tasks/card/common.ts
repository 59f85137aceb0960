import type { Selectable } from 'kysely';
import { lockForUpdate, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import type { TaskCardAbilities } from '@vavilon/contracts';
import { canChangeStatus, canEdit, type Standing } from '../access.js';
import type { TaskTable } from '../schema.js';
import { readableTask } from '../service.js';

export type TaskRow = Selectable<TaskTable>;

/** What the viewer may do in the card's parts: structure of the checklist with edit rights, ticks with status rights, results and time as a participant. */
export function cardAbilities(row: TaskRow, s: Standing): TaskCardAbilities {
  const participant = s.roles.size > 0;
  const open = row.status !== 'completed';
  return {
    editChecklist: canEdit(s),
    tickChecklist: canChangeStatus(s),
    addResult: participant || canEdit(s),
    trackTime: participant,
    addSubtask: (participant || canEdit(s)) && open,
  };
}

/** The task for a write of its card, locked, with the viewer's standing; 404 for a task the viewer may not see. */
export async function taskForWrite(ctx: Ctx, id: number): Promise<{ row: TaskRow; standing: Standing; abilities: TaskCardAbilities }> {
  const { row, standing } = await readableTask(ctx, id);
  await lockForUpdate(ctx, scoped(ctx).selectFrom('task').select('id').where('id', '=', id)).executeTakeFirst();
  return { row, standing, abilities: cardAbilities(row, standing) };
}

/** Who takes part in the task, as the task's events carry it. */
export async function peopleOf(ctx: Ctx, row: TaskRow) {
  const members = await scoped(ctx).selectFrom('task_member').select('user_id').where('task_id', '=', row.id).execute();
  return { participants: [...new Set(members.map((m) => m.user_id))], responsibleId: row.responsible_id, creatorId: row.creator_id, groupId: row.group_id };
}

/** A change in the card is activity on the task (lists sort by it); the task's own version stays, so an open edit form is not made stale. */
export async function touch(ctx: Ctx, taskId: number, set: { time_spent_seconds?: number } = {}): Promise<void> {
  await scoped(ctx)
    .updateTable('task')
    .set({ activity_at: nowIso(), ...set })
    .where('id', '=', taskId)
    .execute();
}

export function me(ctx: Ctx): number {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
}
