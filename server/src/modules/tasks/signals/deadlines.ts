import { OPEN_TASK_STATUSES, tasksEvents } from '@vavilon/contracts';
import type { Platform } from '../../../platform/platform.js';
import { systemCtx, transaction } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { defineProcessor, processorCtx, type EventProcessor } from '../../../platform/events/processors.js';
import { t } from '../../../platform/i18n/index.js';
import type { Job, JobHandler } from '../../../platform/jobs/jobs.js';
import { notify } from '../../notifications/api.js';
import { draftsFor, taskUrl } from './notifications.js';

/** How long before its deadline a task's people are told it is near. */
export const DEADLINE_NEAR_MS = 60 * 60_000;

/**
 * Schedules the two deadline notices of a task whenever its deadline is set or moved: «через час»
 * and «просрочена». Each job carries the deadline it was made for, so a job of a deadline since
 * moved (or of a task since completed) does nothing when it comes due.
 */
export function deadlineScheduler(): EventProcessor {
  return defineProcessor({
    name: 'tasks.deadlines',
    events: [tasksEvents.created, tasksEvents.deadlineChanged],
    async handle(e, tx) {
      const deadline = e.type === 'task.created' ? e.payload.deadline : e.payload.to;
      if (!deadline) return;
      const at = new Date(deadline).getTime();
      const ctx = processorCtx(tx, { id: e.portalId, name: '', title: '' });
      const now = Date.now();
      const near = at - DEADLINE_NEAR_MS;
      if (near > now) await ctx.sys.scheduleJob(ctx, { type: 'tasks.deadline', portalId: e.portalId, runAt: new Date(near), payload: { taskId: Number(e.entityId), deadline, notice: 'near' } });
      await ctx.sys.scheduleJob(ctx, { type: 'tasks.deadline', portalId: e.portalId, runAt: new Date(Math.max(at, now)), payload: { taskId: Number(e.entityId), deadline, notice: 'passed' } });
    },
  });
}

/** A deadline notice come due: to the responsible and co-executors (and the creator once it has passed), if the task is still open with that deadline. */
export function deadlineJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    const { taskId, deadline, notice } = job.payload as { taskId: number; deadline: string; notice: 'near' | 'passed' };
    await transaction(systemCtx(platform, portal, { requestId: `tasks-deadline-${job.id}` }), async (ctx) => {
      const task = await scoped(ctx).selectFrom('task').select(['id', 'title', 'status', 'deadline']).where('id', '=', taskId).executeTakeFirst();
      if (!task || task.deadline !== new Date(deadline).toISOString() || !OPEN_TASK_STATUSES.includes(task.status)) return;
      const roles = notice === 'passed' ? ['responsible', 'accomplice', 'creator'] : ['responsible', 'accomplice'];
      const members = await scoped(ctx)
        .selectFrom('task_member')
        .select('user_id')
        .where('task_id', '=', taskId)
        .where('role', 'in', roles as never)
        .execute();
      const key = notice === 'near' ? 'tasks.notify.deadline_near' : 'tasks.notify.overdue';
      const drafts = await draftsFor(
        ctx,
        members.map((m) => m.user_id),
        null,
        `tasks.${notice === 'near' ? 'deadline_near' : 'overdue'}`,
        (lang) => t(lang, key),
        task.title,
        taskUrl(taskId),
      );
      for (const d of drafts) await notify(ctx, d);
    });
  };
}
