import { calendarEvents } from '@vavilon/contracts';
import { systemCtx, transaction, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import type { Job, JobHandler } from '../../platform/jobs/jobs.js';
import type { Platform } from '../../platform/platform.js';
import { defineFeedSource, defineNotificationRules, type NotificationDraft, type ProfileLink } from '../../platform/registry/registry.js';
import { people, timeZoneOf, userRefs } from '../users/api.js';
import { scheduleReminders } from './service.js';

const url = (id: number) => `/calendar?event=${id}`;

/**
 * A reminder come due: told to the organiser and those who have not declined, while the event is
 * unchanged; for a recurring event the same reminder of the next occurrence is scheduled then.
 */
export function reminderJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    const { eventId, version, startAt, minutes } = job.payload as { eventId: number; version: number; startAt: string; minutes?: number };
    await transaction(systemCtx(platform, portal, { requestId: `calendar-reminder-${job.id}` }), async (ctx) => {
      const row = await scoped(ctx).selectFrom('calendar_event').selectAll().where('id', '=', Number(eventId)).executeTakeFirst();
      if (!row || row.version !== version) return;
      const att = await scoped(ctx).selectFrom('calendar_attendee').select('user_id').where('event_id', '=', row.id).where('answer', '!=', 'declined').execute();
      const users = [...new Set([row.organizer_id, ...att.map((a) => a.user_id)].filter((x): x is number => x !== null))];
      await recordEvent(ctx, calendarEvents.reminded, { entityType: 'calendar_event', entityId: row.id, payload: { calendarId: row.calendar_id, title: row.title, userIds: users, startAt } });
      if (row.rrule && typeof minutes === 'number') await scheduleReminders(ctx, row.id, row, row.version, { at: new Date(startAt), minutes });
    });
  };
}

function when(at: string, lang: 'ru' | 'en', tz: string): string {
  return new Date(at).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: tz, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

type Ev = (typeof calendarEvents)[keyof typeof calendarEvents];

async function build(ctx: Ctx, e: DomainEvent<Ev>): Promise<NotificationDraft[]> {
  const id = Number(e.entityId);
  const to = async (ids: number[], text: (lang: 'ru' | 'en', tz: string) => string, kind: string) => {
    const ps = await people(ctx, ids);
    const out: NotificationDraft[] = [];
    for (const p of ps.values())
      if (p.status === 'active') out.push({ userId: p.id, kind, title: text(p.language, await timeZoneOf(ctx, p.id)), body: '', url: e.type === 'calendar.event.deleted' ? null : url(id) });
    return out;
  };
  if (e.type === 'calendar.event.created') {
    const p = e.payload as { title: string; attendeeIds: number[] };
    const row = await scoped(ctx).selectFrom('calendar_event').select('start_at').where('id', '=', id).executeTakeFirst();
    return to(p.attendeeIds, (lang, tz) => t(lang, 'calendar.notify.invited', { title: p.title, time: row ? when(row.start_at, lang, tz) : '' }), 'calendar.invited');
  }
  if (e.type === 'calendar.event.updated') {
    const p = e.payload as { title: string; attendeeIds: number[] };
    return to(p.attendeeIds, (lang) => t(lang, 'calendar.notify.changed', { title: p.title }), 'calendar.changed');
  }
  if (e.type === 'calendar.event.deleted') {
    const p = e.payload as { title: string; attendeeIds: number[] };
    return to(p.attendeeIds, (lang) => t(lang, 'calendar.notify.cancelled', { title: p.title }), 'calendar.cancelled');
  }
  if (e.type === 'calendar.event.answered') {
    const p = e.payload as { title: string; userId: number; answer: string; organizerId: number | null };
    if (p.organizerId === null || p.organizerId === p.userId) return [];
    const name = (await userRefs(ctx, [p.userId])).get(p.userId)?.fullName ?? '';
    return to([p.organizerId], (lang) => t(lang, 'calendar.notify.answered', { name, answer: t(lang, `calendar.answer.${p.answer}` as MessageKey), title: p.title }), 'calendar.answered');
  }
  if (e.type === 'calendar.event.guest_answered') {
    const p = e.payload as { title: string; email: string; answer: string; organizerId: number | null };
    if (p.organizerId === null) return [];
    return to(
      [p.organizerId],
      (lang) => t(lang, 'calendar.notify.guest_answered', { email: p.email, answer: t(lang, `calendar.answer.${p.answer}` as MessageKey), title: p.title }),
      'calendar.answered',
    );
  }
  if (e.type === 'calendar.event.reminded') {
    const p = e.payload as { title: string; userIds: number[]; startAt: string };
    return to(p.userIds, (lang, tz) => t(lang, 'calendar.notify.reminder', { title: p.title, time: when(p.startAt, lang, tz) }), 'calendar.reminder');
  }
  return [];
}

/** Invitations, changes, cancellations, answers of attendees and of guests by e-mail (to the organiser) and reminders. */
export const calendarNotificationRules = defineNotificationRules({
  events: [calendarEvents.created, calendarEvents.updated, calendarEvents.deleted, calendarEvents.answered, calendarEvents.guestAnswered, calendarEvents.reminded],
  build,
});

/** The profile's «Календарь»: that person's calendar, as far as its access setting shows it. */
export const calendarProfileLink: ProfileLink = { id: 'calendar', title: { ru: 'Календарь', en: 'Calendar' }, url: (userId) => `/calendar?user=${userId}` };

/** An event of «Календарь компании» goes to the news feed for everyone; a cancelled one leaves it. */
export const companyEventsFeed = defineFeedSource({
  kind: 'calendar.event',
  title: { ru: 'События календаря компании', en: 'Company calendar events' },
  events: [calendarEvents.created, calendarEvents.updated, calendarEvents.deleted],
  async build(ctx, e) {
    const key = `calendar.event:${e.entityId}`;
    const company = await scoped(ctx).selectFrom('calendar').select('id').where('key', '=', 'company').executeTakeFirst();
    if (!company || e.payload.calendarId !== company.id) return null;
    if (e.type === 'calendar.event.deleted') return { remove: key };
    const row = await scoped(ctx).selectFrom('calendar_event').select(['title', 'start_at', 'all_day', 'private', 'organizer_id', 'parent_id']).where('id', '=', Number(e.entityId)).executeTakeFirst();
    if (!row || row.private || row.parent_id !== null) return null;
    const time = when(row.start_at, 'ru', 'Europe/Moscow');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return {
      key,
      authorId: row.organizer_id,
      title: row.title,
      html: `<p>${esc(t('ru', 'calendar.feed.company_event', { time }))}</p>`,
      audience: [{ type: 'all' }],
      link: { url: url(Number(e.entityId)), label: t('ru', 'calendar.feed.open') },
    };
  },
});
