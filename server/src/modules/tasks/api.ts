/**
 * What other modules use of tasks: automation creates tasks (with a locked deadline, bound to a
 * deal), changes and closes them; the CRM shows the tasks bound to an item in its timeline.
 */
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';

export { createTask, updateTask, applyAction, getTask, type WriteOptions } from './service.js';
export { tasksLinkedTo } from './signals/crm-links.js';
export { appendChecklist, checklistsOf } from './card/checklist.js';

/** The CRM items of one type each of these tasks is bound to (automation's «Задача выполнена»), by the link's key. */
export async function crmItemsOfTasks(ctx: Ctx, taskIds: number[], entityType: 'deal' | 'lead' | 'contact' | 'company'): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  const ids = [...new Set(taskIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await scoped(ctx)
      .selectFrom('task_crm_link')
      .select(['task_id', 'entity_id'])
      .where('task_id', 'in', ids.slice(i, i + 500))
      .where('entity_type', '=', entityType)
      .execute();
    for (const r of rows) out.set(r.task_id, [...(out.get(r.task_id) ?? []), r.entity_id]);
  }
  return out;
}

/** Calendar days in a user's time zone (the activities' «Сегодня» and «На этой неделе» use them too). */
export { addDays, atTime, dayOf, weekdayOf, type Day } from './boards/zone.js';
