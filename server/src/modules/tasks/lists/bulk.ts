import type { TaskBulkInput, TaskBulkResult, TaskPatch } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import { canRead, canEdit, standings } from '../access.js';
import { abilitiesOf, applyAction, applyPatch, deadlineLocked, deleteTask, readableTask } from '../service.js';

/** One task's part of a group action, in its own transaction. */
async function one(ctx: Ctx, id: number, input: TaskBulkInput): Promise<void> {
  switch (input.action) {
    case 'complete':
      await applyAction(ctx, id, 'complete', { source: 'bulk' });
      return;
    case 'delete':
      await deleteTask(ctx, id);
      return;
    default:
      await transaction(ctx, async (tx) => {
        await lockForUpdate(tx, scoped(tx).selectFrom('task').select('id').where('id', '=', id)).executeTakeFirst();
        const { row, standing } = await readableTask(tx, id);
        const patch: Omit<TaskPatch, 'version'> = {};
        if (input.action === 'deadline') {
          // «Разрешить ответственному менять крайний срок» off: refused with the reason, as on the card.
          if (!abilitiesOf(row, standing).changeDeadline) throw deadlineLocked();
          patch.deadline = input.deadline;
        } else {
          if (!canEdit(standing)) throw errors.forbidden();
          if (input.action === 'responsible') patch.responsibleId = input.responsibleId;
          else patch.groupId = input.groupId;
        }
        await applyPatch(tx, row, patch, { source: 'bulk' });
      });
  }
}

/**
 * A group action of the list over the selected tasks. Rights are read for the whole set at once
 * (a task the user may not see is reported as not found); each task is then written in its own
 * transaction, so one refusal (a locked deadline, a task already closed) leaves the others done,
 * and every refusal comes back with its reason.
 */
export async function bulkTasks(ctx: Ctx, input: TaskBulkInput): Promise<TaskBulkResult> {
  const ids = [...new Set(input.ids)];
  const visible = await standings(ctx, ids);
  const done: number[] = [];
  const failed: TaskBulkResult['failed'] = [];
  const fail = (id: number, e: AppError) => failed.push({ id, code: e.code, message: t(ctx.lang, e.fields?.[0]?.message ?? e.messageKey, e.params) });
  for (const id of ids) {
    const s = visible.get(id);
    if (!s || !canRead(s)) {
      fail(id, errors.notFound());
      continue;
    }
    try {
      await one(ctx, id, input);
      done.push(id);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      fail(id, e);
    }
  }
  return { done, failed };
}
