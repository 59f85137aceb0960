import { taskCardEvents, type TaskResult } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { plainText, sanitizeRichText } from '../../../platform/rich-text.js';
import { userRefs } from '../../users/api.js';
import { canEdit } from '../access.js';
import { completionChecks } from '../service.js';
import { me, peopleOf, taskForWrite, touch, type TaskRow } from './common.js';

export async function resultsOf(ctx: Ctx, taskId: number): Promise<TaskResult[]> {
  const rows = await scoped(ctx).selectFrom('task_result').selectAll().where('task_id', '=', taskId).orderBy('id', 'desc').execute();
  const users = await userRefs(
    ctx,
    rows.map((r) => r.author_id).filter((u): u is number => u !== null),
  );
  const viewer = ctx.actor?.userId ?? 0;
  return rows.map((r) => ({ id: r.id, html: r.html, author: (r.author_id && users.get(r.author_id)) || null, createdAt: r.created_at, mine: r.author_id === viewer }));
}

/** «Результат» of a participant. */
export async function addResult(ctx: Ctx, taskId: number, html: string): Promise<TaskResult[]> {
  return transaction(ctx, async (tx) => {
    const { row, abilities } = await taskForWrite(tx, taskId);
    if (!abilities.addResult) throw errors.forbidden();
    const clean = sanitizeRichText(html);
    if (!plainText(clean).trim()) throw errors.field('html', 'tasks.result_empty');
    const r = await scoped(tx)
      .insertInto('task_result', { task_id: taskId, comment_id: null, html: clean, author_id: me(tx), created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await touch(tx, taskId);
    await recordEvent(tx, taskCardEvents.resultAdded, {
      entityType: 'task',
      entityId: taskId,
      payload: { title: row.title, resultId: r.id, ...(await peopleOf(tx, row)) },
      changes: [{ field: 'result', old: null, new: plainText(clean).slice(0, 500) }],
    });
    return resultsOf(tx, taskId);
  });
}

/** Deletes a result: its author, or who may edit the task. */
export async function deleteResult(ctx: Ctx, resultId: number): Promise<TaskResult[]> {
  return transaction(ctx, async (tx) => {
    const r = await scoped(tx).selectFrom('task_result').selectAll().where('id', '=', resultId).executeTakeFirst();
    if (!r) throw errors.notFound();
    const { row, standing } = await taskForWrite(tx, r.task_id);
    if (r.author_id !== me(tx) && !canEdit(standing)) throw errors.forbidden();
    await scoped(tx).deleteFrom('task_result').where('id', '=', resultId).execute();
    await touch(tx, r.task_id);
    await recordEvent(tx, taskCardEvents.resultDeleted, {
      entityType: 'task',
      entityId: r.task_id,
      payload: { title: row.title, resultId, ...(await peopleOf(tx, row)) },
      changes: [{ field: 'result', old: plainText(r.html).slice(0, 500), new: null }],
    });
    return resultsOf(tx, r.task_id);
  });
}

/** «Обязательный результат»: a task that requires a result is not completed (nor sent for control) without one. */
async function resultRequired(ctx: Ctx, task: TaskRow): Promise<void> {
  if (!task.require_result) return;
  const one = await scoped(ctx).selectFrom('task_result').select('id').where('task_id', '=', task.id).limit(1).executeTakeFirst();
  if (!one) throw new AppError(400, 'validation', 'tasks.result_required', {}, [{ field: 'result', message: 'tasks.result_required' }]);
}

let registered = false;
/** Adds the result check to the task's completion checks, once. */
export function registerResultCheck(): void {
  if (registered) return;
  registered = true;
  completionChecks.push(resultRequired);
}
