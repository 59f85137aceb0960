import { tasksEvents } from '@vavilon/contracts';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import { scoped } from '../../platform/db/scoped.js';
import { setCompleted } from './service.js';

/**
 * A task's activity follows its task: completing the task completes the activity, renewing it
 * plans the activity again. Activities already in that state are left alone (completing the
 * activity completes its task first, in the same transaction).
 */
export function taskSync(): EventProcessor {
  return defineProcessor({
    name: 'activities.tasks',
    events: [tasksEvents.statusChanged],
    async handle(e, tx) {
      const done = e.payload.to === 'completed';
      if (!done && e.payload.from !== 'completed') return;
      const ctx = processorCtx(tx, { id: e.portalId, name: '', title: '' });
      const rows = await scoped(ctx)
        .selectFrom('crm_activity')
        .selectAll()
        .where('task_id', '=', Number(e.entityId))
        .where('completed', '=', done ? 0 : 1)
        .execute();
      for (const row of rows) await setCompleted(ctx, row, done, undefined, e.actorId);
    },
  });
}
