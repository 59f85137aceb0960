import { activityEvents } from '@vavilon/contracts';
import { systemCtx, transaction, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import type { Job, JobHandler } from '../../platform/jobs/jobs.js';
import type { Platform } from '../../platform/platform.js';
import { defineNotificationRules, type NotificationDraft } from '../../platform/registry/registry.js';
import { people, timeZoneOf } from '../users/api.js';

/**
 * A reminder come due (`activities.reminder`, scheduled for `remind_at`): told once, and only
 * while the activity is planned with that reminder moment — a change schedules a new job and
 * leaves the old one nothing to do; completing or deleting the activity drops it.
 */
export function reminderJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    const { activityId, remindAt } = job.payload as { activityId: number; remindAt: string };
    await transaction(systemCtx(platform, portal, { requestId: `activities-reminder-${job.id}` }), async (ctx) => {
      const row = await scoped(ctx).selectFrom('crm_activity').selectAll().where('id', '=', Number(activityId)).executeTakeFirst();
      if (!row || row.completed || row.remind_at !== remindAt || row.responsible_id === null) return;
      const claimed = await scoped(ctx).updateTable('crm_activity').set({ remind_at: null }).where('id', '=', row.id).where('remind_at', '=', remindAt).executeTakeFirst();
      if (!Number(claimed.numUpdatedRows)) return;
      await recordEvent(ctx, activityEvents.reminded, {
        entityType: 'activity',
        entityId: row.id,
        payload: { type: row.type, owner: { type: row.owner_type, id: row.owner_id }, responsibleId: row.responsible_id, subject: row.subject, deadline: row.deadline },
      });
    });
  };
}

/** «в 14:30» today, «в 14:30, 5 декабря» on another day, in the reader's zone and language. */
function when(deadline: string, lang: 'ru' | 'en', tz: string): string {
  const at = new Date(deadline);
  const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: tz });
  const time = at.toLocaleTimeString(lang === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit' });
  if (day(at) === day(new Date())) return time;
  return `${time}, ${at.toLocaleDateString(lang === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: tz, day: 'numeric', month: 'long' })}`;
}

async function build(ctx: Ctx, e: DomainEvent<typeof activityEvents.reminded>): Promise<NotificationDraft[]> {
  const p = e.payload;
  const person = (await people(ctx, [p.responsibleId])).get(p.responsibleId);
  if (!person || person.status !== 'active') return [];
  const owner = (await ctx.sys.registry.describe(ctx, p.owner.type, [p.owner.id])).get(p.owner.id);
  const lang = person.language;
  const type = t(lang, `activities.type.${p.type}` as MessageKey);
  const title = p.deadline
    ? t(lang, 'activities.notify.reminder', { type, subject: p.subject, time: when(p.deadline, lang, await timeZoneOf(ctx, p.responsibleId)) })
    : t(lang, 'activities.notify.reminder_undated', { type, subject: p.subject });
  return [{ userId: p.responsibleId, kind: 'activities.reminder', title, body: owner?.title ?? '', url: owner?.url ?? null }];
}

/** The reminder's notification to the responsible, with a link to the owner's card. */
export const activitiesNotificationRules = defineNotificationRules({ events: [activityEvents.reminded], build });
