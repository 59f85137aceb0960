import type { Platform } from '../../../platform/platform.js';
import { systemCtx, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import type { Job, JobHandler } from '../../../platform/jobs/jobs.js';
import { checkAccess } from '../../../platform/access.js';
import { notify } from '../../notifications/api.js';
import { actorFor } from '../../users/api.js';
import { readableTask } from '../service.js';
import { taskUrl } from './notifications.js';

const MAX_REMINDERS = 20;

function me(ctx: Ctx): number {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
}

/** «Напомнить»: the actor's reminders of a task, earliest first. */
export async function remindersOf(ctx: Ctx, taskId: number) {
  await readableTask(ctx, taskId);
  const rows = await scoped(ctx).selectFrom('task_reminder').select(['id', 'remind_at', 'sent_at']).where('task_id', '=', taskId).where('user_id', '=', me(ctx)).orderBy('remind_at').execute();
  return { items: rows.map((r) => ({ id: r.id, remindAt: r.remind_at, sentAt: r.sent_at })) };
}

/** Adds a reminder for the actor at a moment still to come; a job brings it on time, also after a restart. */
export async function addReminder(ctx: Ctx, taskId: number, remindAt: string) {
  const at = new Date(remindAt);
  if (at.getTime() <= Date.now()) throw errors.field('remindAt', 'tasks.reminder_past');
  await transaction(ctx, async (tx) => {
    await readableTask(tx, taskId);
    const count = await scoped(tx)
      .selectFrom('task_reminder')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('task_id', '=', taskId)
      .where('user_id', '=', me(tx))
      .where('sent_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_REMINDERS) throw errors.field('remindAt', 'tasks.reminder_too_many');
    const row = await scoped(tx)
      .insertInto('task_reminder', { task_id: taskId, user_id: me(tx), remind_at: at.toISOString(), sent_at: null, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.sys.scheduleJob(tx, { type: 'tasks.reminder', portalId: tx.portal.id, runAt: at, payload: { reminderId: row.id } });
  });
  return remindersOf(ctx, taskId);
}

export async function deleteReminder(ctx: Ctx, taskId: number, reminderId: number) {
  await readableTask(ctx, taskId);
  const r = await scoped(ctx).deleteFrom('task_reminder').where('id', '=', reminderId).where('task_id', '=', taskId).where('user_id', '=', me(ctx)).executeTakeFirst();
  if (!Number(r.numDeletedRows)) throw errors.notFound();
  return remindersOf(ctx, taskId);
}

/** A reminder come due: told once, and only while its user may still see the task. */
export function reminderJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    await transaction(systemCtx(platform, portal, { requestId: `tasks-reminder-${job.id}` }), async (ctx) => {
      const r = await scoped(ctx).selectFrom('task_reminder').selectAll().where('id', '=', Number(job.payload.reminderId)).executeTakeFirst();
      if (!r || r.sent_at) return;
      const claimed = await scoped(ctx).updateTable('task_reminder').set({ sent_at: nowIso() }).where('id', '=', r.id).where('sent_at', 'is', null).executeTakeFirst();
      if (!Number(claimed.numUpdatedRows)) return;
      const actor = await actorFor(ctx, r.user_id);
      if (!actor) return;
      const as: Ctx = { ...ctx, actor, lang: actor.language };
      if (!(await checkAccess(as, 'read', 'task', [r.task_id])).has(r.task_id)) return;
      const task = await scoped(ctx).selectFrom('task').select('title').where('id', '=', r.task_id).executeTakeFirstOrThrow();
      await notify(ctx, { userId: r.user_id, kind: 'tasks.reminder', title: t(actor.language, 'tasks.notify.reminder'), body: task.title, url: taskUrl(r.task_id) });
    });
  };
}
