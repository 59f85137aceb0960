import { sql } from 'kysely';
import { groupsEvents } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { t } from '../../platform/i18n/index.js';
import type { SearchKind } from '../../platform/registry/registry.js';
import { plainText } from '../../platform/rich-text.js';
import { groupRefs, memberGroupsQuery } from '../groups/api.js';
import { userRefs } from '../users/api.js';

const url = (id: number) => `/calendar?event=${id}`;

/** The start as the event's own time zone shows it: the date, and the time unless it lasts all day. */
function startOf(at: string, allDay: boolean, timeZone: string): string {
  const opts: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric', ...(allDay ? {} : { hour: '2-digit', minute: '2-digit' }) };
  try {
    return new Date(at).toLocaleString('ru-RU', { ...opts, timeZone: allDay ? 'UTC' : timeZone });
  } catch {
    return new Date(at).toLocaleString('ru-RU', { ...opts, timeZone: 'UTC' });
  }
}

/** Each calendar's name as everyone sees it: the company's, the group's, the owner's name for a personal one. */
async function calendarNames(ctx: Ctx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await scoped(ctx).selectFrom('calendar').select(['id', 'kind', 'owner_id', 'group_id']).where('id', 'in', ids).execute();
  const [users, groups] = await Promise.all([
    userRefs(
      ctx,
      rows.map((r) => r.owner_id),
    ),
    groupRefs(
      ctx,
      rows.map((r) => r.group_id),
    ),
  ]);
  return new Map(rows.map((r) => [r.id, r.kind === 'company' ? t('ru', 'calendar.company') : r.kind === 'group' ? (groups.get(r.group_id!)?.name ?? '') : (users.get(r.owner_id!)?.fullName ?? '')]));
}

/**
 * Events in the portal search, one per event or series (an edited occurrence is found through its
 * series): found by those who see their details, as the event's own page shows them. Busy time of
 * a colleague's calendar, a private event of someone else's, a group's calendar for outsiders: not found.
 */
export const calendarSearchKind: SearchKind = {
  kind: 'calendar.event',
  title: { ru: 'События календаря', en: 'Calendar events' },
  module: 'calendar',
  order: 45,
  entityType: 'calendar_event',
  async documents(ctx, ids) {
    const rows = await scoped(ctx)
      .selectFrom('calendar_event')
      .leftJoin('calendar_room', 'calendar_room.id', 'calendar_event.room_id')
      .select([
        'calendar_event.id',
        'calendar_event.calendar_id',
        'calendar_event.title',
        'calendar_event.description',
        'calendar_event.place',
        'calendar_event.start_at',
        'calendar_event.all_day',
        'calendar_event.time_zone',
        'calendar_event.organizer_id',
        'calendar_room.name as room',
      ])
      .where('calendar_event.id', 'in', ids)
      .where('calendar_event.parent_id', 'is', null)
      .execute();
    const calendars = await calendarNames(ctx, [...new Set(rows.map((r) => r.calendar_id))]);
    return rows.map((r) => ({
      id: r.id,
      title: r.title || '—',
      subtitle: [startOf(r.start_at, !!r.all_day, r.time_zone), calendars.get(r.calendar_id)].filter(Boolean).join(' · '),
      body: [plainText(r.description), r.place, r.room ?? ''].filter(Boolean).join(' '),
      url: url(r.id),
      authorId: r.organizer_id,
      date: r.start_at,
    }));
  },
  async ids(ctx, afterId, limit) {
    const rows = await scoped(ctx).selectFrom('calendar_event').select('id').where('id', '>', afterId).where('parent_id', 'is', null).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  },
  // A group renamed: its calendar's events name it.
  touchedBy: {
    events: [groupsEvents.updated],
    async ids(ctx, e) {
      const rows = await scoped(ctx)
        .selectFrom('calendar_event')
        .innerJoin('calendar', 'calendar.id', 'calendar_event.calendar_id')
        .select('calendar_event.id')
        .where('calendar.kind', '=', 'group')
        .where('calendar.group_id', '=', Number(e.entityId))
        .where('calendar_event.parent_id', 'is', null)
        .execute();
      return rows.map((r) => r.id);
    },
  },
  // `eventRights(...).details` of access.ts: the organiser, the calendar's owner and the attendees
  // always; others when the event is not private and its calendar shows details to them (the
  // company's to everyone, a group's to its members and administrators, a personal one opened by its owner).
  async readable(ctx) {
    if (!ctx.actor) return 'none';
    const userId = ctx.actor.userId;
    const admin = ctx.actor.role === 'admin';
    return (eb, itemId) =>
      eb.exists(
        eb
          .selectFrom('calendar_event as se')
          .innerJoin('calendar as sc', 'sc.id', 'se.calendar_id')
          .select(sql`1`.as('one'))
          .where('se.portal_id', '=', ctx.portal.id)
          .whereRef('se.id', '=', itemId as any)
          .where((w) =>
            w.or([
              w('se.organizer_id', '=', userId),
              w.and([w('sc.kind', '=', 'user'), w('sc.owner_id', '=', userId)]),
              w.exists(
                w
                  .selectFrom('calendar_attendee as sa')
                  .select(sql`1`.as('one'))
                  .whereRef('sa.event_id', '=', 'se.id')
                  .where('sa.user_id', '=', userId),
              ),
              w.and([
                w('se.private', '=', 0),
                w.or([
                  w('sc.kind', '=', 'company'),
                  admin ? w('sc.kind', '=', 'group') : w.and([w('sc.kind', '=', 'group'), w('sc.group_id', 'in', memberGroupsQuery(ctx, userId))]),
                  w.and([w('sc.kind', '=', 'user'), w('sc.access', '=', 'details')]),
                ]),
              ]),
            ]),
          ),
      );
  },
};
