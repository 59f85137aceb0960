import { registerCalendarLayer } from '../calendar/api.js';
import { scoped } from '../../platform/db/scoped.js';
import { readableActivities } from './access.js';

/**
 * «Мои дела» in «Мой календарь»: the person's calls, meetings and to-dos that have a time, those the
 * viewer may read; a call or meeting spans its start and end, a to-do is a point at its deadline.
 * Each opens in «Мои дела».
 */
export function registerActivityCalendarLayer(): void {
  registerCalendarLayer({
    id: 'crm.activities',
    async items(ctx, userId, from, to) {
      const readable = await readableActivities(ctx);
      const rows = await scoped(ctx)
        .selectFrom('crm_activity')
        .select(['id', 'subject', 'start_at', 'end_at', 'deadline'])
        .where('responsible_id', '=', userId)
        .where('completed', '=', 0)
        .where('deadline', '>=', from.toISOString())
        .where('deadline', '<', to.toISOString())
        .where(readable)
        .orderBy('deadline')
        .limit(500)
        .execute();
      return rows.map((r) => {
        const span = r.start_at !== null && r.end_at !== null && r.end_at > r.start_at;
        return { id: `activity:${r.id}`, title: r.subject, startAt: span ? r.start_at! : r.deadline!, endAt: span ? r.end_at : null, url: `/crm/activity?id=${r.id}` };
      });
    },
  });
}
