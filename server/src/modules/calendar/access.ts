import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { AccessRegistrations } from '../../platform/access.js';
import type { RealtimeAudience } from '../../platform/realtime/audience.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { memberGroupIds } from '../groups/api.js';
import type { CalendarTable, CalendarEventTable } from './schema.js';
import type { Selectable } from 'kysely';

export type CalendarRow = Selectable<CalendarTable>;
export type EventRow = Selectable<CalendarEventTable>;

/** What the actor may do with a calendar. */
export interface CalendarRights {
  /** Sees it at all (a group's calendar: its members only). */
  see: boolean;
  /** Sees its events' details (false: «Занят» only). */
  details: boolean;
  add: boolean;
  manage: boolean;
}

export interface Viewer {
  userId: number | null;
  admin: boolean;
  groups: Set<number>;
}

export async function viewerOf(ctx: Ctx): Promise<Viewer> {
  const userId = ctx.actor?.userId ?? null;
  return { userId, admin: !ctx.actor || ctx.actor.role === 'admin', groups: new Set(userId ? await memberGroupIds(ctx, userId) : []) };
}

/**
 * A personal calendar: its owner sees and adds everything, colleagues see busy time or details as
 * the owner chose. The company calendar: every employee sees it and adds to it. A group's: its members.
 */
export function calendarRights(v: Viewer, c: CalendarRow): CalendarRights {
  if (c.kind === 'company') return { see: true, details: true, add: true, manage: v.admin };
  if (c.kind === 'group') {
    const member = c.group_id !== null && v.groups.has(c.group_id);
    return { see: member || v.admin, details: member || v.admin, add: member || v.admin, manage: v.admin };
  }
  const own = v.userId !== null && c.owner_id === v.userId;
  return { see: true, details: own || c.access === 'details', add: own, manage: own || v.admin };
}

/** What the actor may do with an event, given its calendar and whether they attend or organise it. */
export function eventRights(v: Viewer, c: CalendarRow, e: Pick<EventRow, 'private' | 'organizer_id'>, attending: boolean): { see: boolean; details: boolean; edit: boolean } {
  const cal = calendarRights(v, c);
  const organiser = v.userId !== null && e.organizer_id === v.userId;
  const owner = c.kind === 'user' && v.userId !== null && c.owner_id === v.userId;
  const close = organiser || owner || attending;
  const see = cal.see || close;
  const details = close || (cal.details && !e.private);
  const edit = organiser || owner || (v.admin && !!v.userId && c.kind !== 'user') || (!v.userId && v.admin);
  return { see, details, edit };
}

/** The events among `ids` where the actor has the right: `see` (busy time counts) or `details`. */
async function eventIdsWith(ctx: Ctx, ids: number[], right: 'see' | 'details'): Promise<number[]> {
  if (!ids.length) return [];
  const v = await viewerOf(ctx);
  const rows = await scoped(ctx)
    .selectFrom('calendar_event')
    .innerJoin('calendar', 'calendar.id', 'calendar_event.calendar_id')
    .select(['calendar_event.id', 'calendar_event.private', 'calendar_event.organizer_id', 'calendar.kind', 'calendar.owner_id', 'calendar.group_id', 'calendar.access'])
    .where('calendar_event.id', 'in', ids)
    .execute();
  const attending = new Set(
    v.userId ? (await scoped(ctx).selectFrom('calendar_attendee').select('event_id').where('user_id', '=', v.userId).where('event_id', 'in', ids).execute()).map((r) => r.event_id) : [],
  );
  return rows.filter((r) => eventRights(v, r as unknown as CalendarRow, r, attending.has(r.id))[right]).map((r) => r.id);
}

/** The events among `ids` the actor may see (busy time counts), as the access checker answers. */
export const visibleEventIds = (ctx: Ctx, ids: number[]) => eventIdsWith(ctx, ids, 'see');

export const calendarAccess: AccessRegistrations = {
  calendar_event: { table: 'calendar_event', read: visibleEventIds },
  // An event's files: read by those who see its details, not its busy time only.
  'calendar_event.details': { table: 'calendar_event', read: (ctx, ids) => eventIdsWith(ctx, ids, 'details') },
};

/** A change is heard by those who may see the event; a deleted one by those who could (named in the event). */
export const calendarRealtime: Record<string, RealtimeAudience> = {
  calendar_event: {
    gone: async (ctx: Ctx, e: DomainEvent) => {
      const p = e.payload as { visibleTo?: number[]; companyWide?: boolean };
      return !!ctx.actor && (p.visibleTo ?? []).includes(ctx.actor.userId);
    },
  },
  calendar: 'portal',
};
