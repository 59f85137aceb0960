import type { ItemHolder } from '../../../platform/registry/registry.js';
import { scoped } from '../../../platform/db/scoped.js';

/** The CRM's items: the ones that go to a trash and are merged. */
const KINDS = ['lead', 'deal', 'contact', 'company'] as const;

/**
 * The tasks bound to a CRM item («CRM» of the task card): the links go to the trash with the item
 * and come back with it (to the tasks still there); a merge binds the tasks to the surviving item, once each.
 */
export const taskLinkHolder: ItemHolder = {
  name: 'tasks',
  kinds: KINDS,
  async detach(ctx, kind, ids) {
    const out: Record<number, number[]> = {};
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await scoped(ctx).selectFrom('task_crm_link').select(['entity_id', 'task_id']).where('entity_type', '=', kind).where('entity_id', 'in', part).orderBy('task_id').execute();
      if (!rows.length) continue;
      await scoped(ctx).deleteFrom('task_crm_link').where('entity_type', '=', kind).where('entity_id', 'in', part).execute();
      for (const r of rows) (out[r.entity_id] ??= []).push(r.task_id);
    }
    return out;
  },
  async reattach(ctx, kind, id, held) {
    const taskIds = held as number[];
    if (!taskIds.length) return;
    const tasks = new Set((await scoped(ctx).selectFrom('task').select('id').where('id', 'in', taskIds).execute()).map((t) => t.id));
    const have = new Set((await scoped(ctx).selectFrom('task_crm_link').select('task_id').where('entity_type', '=', kind).where('entity_id', '=', id).execute()).map((l) => l.task_id));
    const rows = taskIds.filter((t) => tasks.has(t) && !have.has(t)).map((task_id) => ({ task_id, entity_type: kind, entity_id: id }));
    if (rows.length) await scoped(ctx).insertInto('task_crm_link', rows).execute();
  },
  async move(ctx, kind, fromIds, toId) {
    const rows = await scoped(ctx).selectFrom('task_crm_link').select('task_id').where('entity_type', '=', kind).where('entity_id', 'in', fromIds).execute();
    if (!rows.length) return;
    await scoped(ctx).deleteFrom('task_crm_link').where('entity_type', '=', kind).where('entity_id', 'in', fromIds).execute();
    const have = new Set((await scoped(ctx).selectFrom('task_crm_link').select('task_id').where('entity_type', '=', kind).where('entity_id', '=', toId).execute()).map((l) => l.task_id));
    const add = [...new Set(rows.map((r) => r.task_id))].filter((t) => !have.has(t)).map((task_id) => ({ task_id, entity_type: kind, entity_id: toId }));
    if (add.length) await scoped(ctx).insertInto('task_crm_link', add).execute();
  },
};
