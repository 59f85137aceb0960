import { automationEvents, type AutomationRequest, type RequestAnswer } from '@vavilon/contracts';
import { requireAccess } from '../../../platform/access.js';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import { addComment } from '../../comments/api.js';
import { updateTask } from '../../tasks/api.js';
import { timeZoneOf } from '../../users/api.js';
import { nameOf, paragraphs } from './common.js';
import { showMoment } from './deadline.js';
import { refTask } from './task-ref.js';

const me = (ctx: Ctx) => {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
};

/** The open questions of a deal asked of the current user, oldest first (404 for a deal they may not read). */
export async function openRequests(ctx: Ctx, dealId: number): Promise<AutomationRequest[]> {
  const userId = me(ctx);
  await requireAccess(ctx, 'read', 'deal', [dealId]);
  const rows = await scoped(ctx)
    .selectFrom('automation_request')
    .selectAll()
    .where('entity_type', '=', 'deal')
    .where('entity_id', '=', dealId)
    .where('user_id', '=', userId)
    .where('status', '=', 'open')
    .orderBy('id')
    .execute();
  const taskIds = rows.flatMap((r) => (r.task_id === null ? [] : [r.task_id]));
  const tasks = taskIds.length ? await scoped(ctx).selectFrom('task').select(['id', 'title', 'deadline']).where('id', 'in', taskIds).execute() : [];
  return rows.map((r) => {
    const task = tasks.find((x) => x.id === r.task_id);
    return {
      id: r.id,
      entityType: 'deal' as const,
      entityId: r.entity_id,
      kind: 'deadline' as const,
      prompt: r.prompt,
      taskId: task ? task.id : null,
      taskTitle: task?.title ?? null,
      currentDeadline: task?.deadline ?? null,
      createdAt: r.created_at,
    };
  });
}

/** The new deadline as a moment: a real date and time, not in the past (400 on `deadline` otherwise). */
function newDeadline(input: RequestAnswer): string {
  const at = Date.parse(input.deadline);
  const year = Number.isNaN(at) ? NaN : new Date(at).getUTCFullYear();
  if (Number.isNaN(at) || year < 1900 || year > 2200) throw errors.field('deadline', 'automation.robots.request.deadline_invalid');
  if (at < Date.now()) throw errors.field('deadline', 'automation.robots.request.deadline_past');
  return new Date(at).toISOString();
}

/**
 * The answer of the person asked: the bound task's deadline moves (a locked one too: automation
 * moves it), the request closes, and a line from «Робот» in the deal's timeline says who set
 * which deadline. Anyone else's request is not found; an answered one is a 409.
 */
export async function answerRequest(ctx: Ctx, id: number, input: RequestAnswer): Promise<void> {
  const userId = me(ctx);
  const deadline = newDeadline(input);
  await transaction(ctx, async (tx) => {
    const row = await lockForUpdate(tx, scoped(tx).selectFrom('automation_request').selectAll().where('id', '=', id).where('user_id', '=', userId)).executeTakeFirst();
    if (!row) throw errors.notFound();
    if (row.status !== 'open') throw new AppError(409, 'conflict', 'automation.robots.request.closed');
    const system: Ctx = { ...tx, actor: null, system: true };
    const task = row.task_id === null ? null : await refTask(tx, row.task_id);
    if (task) await updateTask(system, task.id, { deadline, version: task.version }, { source: 'automation' });
    await scoped(tx)
      .updateTable('automation_request')
      .set({ status: 'answered', answer: JSON.stringify({ deadline }), answered_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await recordEvent(tx, automationEvents.requestAnswered, { entityType: 'deal', entityId: row.entity_id, payload: { requestId: id, userId } });
    if (task) {
      const lang = ctx.actor!.language;
      const text = t(lang, 'automation.robots.request.answered', { name: await nameOf(tx, userId), title: task.title, date: showMoment(deadline, await timeZoneOf(tx, userId)) });
      await addComment(system, 'deal', row.entity_id, { html: paragraphs(text) });
    }
  });
}
