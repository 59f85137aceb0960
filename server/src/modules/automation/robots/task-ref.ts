import { OPEN_TASK_STATUSES, type TaskRef, type TaskStatus } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { parseJson, type DealSnapshot } from '../../crm/api.js';

/** A bound task as the robots that act on tasks read it. */
export interface RefTask {
  id: number;
  title: string;
  status: TaskStatus;
  deadline: string | null;
  version: number;
  responsibleId: number | null;
}

export const isOpenTask = (t: RefTask) => OPEN_TASK_STATUSES.includes(t.status);

/** The task the newest finished run of the rule created for the deal (its state keeps `taskId`), or null. */
export async function robotTaskId(ctx: Ctx, dealId: number, ruleId: number): Promise<number | null> {
  const runs = await scoped(ctx)
    .selectFrom('automation_run')
    .select(['state'])
    .where('rule_id', '=', ruleId)
    .where('entity_type', '=', 'deal')
    .where('entity_id', '=', dealId)
    .where('status', 'in', ['done', 'failed'])
    .where('state', 'is not', null)
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  for (const r of runs) {
    const id = parseJson<{ taskId?: unknown }>(r.state, {}).taskId;
    if (typeof id === 'number') return id;
  }
  return null;
}

async function tasksByIds(ctx: Ctx, ids: number[]): Promise<RefTask[]> {
  if (!ids.length) return [];
  const rows = await scoped(ctx).selectFrom('task').select(['id', 'title', 'status', 'deadline', 'version', 'responsible_id']).where('id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, deadline: r.deadline, version: r.version, responsibleId: r.responsible_id }));
}

/**
 * The tasks a TaskRef means for the deal: the one a robot of this pipeline created (the newest,
 * whatever its status; none when it was deleted), or every open task bound to the deal.
 */
export async function tasksOf(ctx: Ctx, deal: DealSnapshot, ref: TaskRef): Promise<RefTask[]> {
  if (ref.kind === 'robot') {
    const id = await robotTaskId(ctx, deal.id, ref.ruleId);
    return id === null ? [] : tasksByIds(ctx, [id]);
  }
  const links = await scoped(ctx).selectFrom('task_crm_link').select('task_id').where('entity_type', '=', 'deal').where('entity_id', '=', deal.id).execute();
  return (
    await tasksByIds(
      ctx,
      links.map((l) => l.task_id),
    )
  ).filter(isOpenTask);
}

/** A task robot by its id, re-read (its version changes as it is written). */
export async function refTask(ctx: Ctx, id: number): Promise<RefTask | null> {
  return (await tasksByIds(ctx, [id]))[0] ?? null;
}
