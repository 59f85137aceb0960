import { z } from 'zod';
import { Id, IdValue } from './common.js';
import { defineEvent } from './events.js';
import { FileInfo } from './files.js';

/** «Мой календарь» (user), «Календарь компании» (company), a group's calendar (group). */
export const CalendarKind = z.enum(['user', 'company', 'group']);
export type CalendarKind = z.infer<typeof CalendarKind>;
/** What colleagues see of a personal calendar: only «Занят», or the events' details. */
export const CalendarAccess = z.enum(['busy', 'details']);
export type CalendarAccess = z.infer<typeof CalendarAccess>;
export const Importance = z.enum(['low', 'normal', 'high']);
export const AttendeeAnswer = z.enum(['pending', 'accepted', 'declined', 'maybe']);
export type AttendeeAnswer = z.infer<typeof AttendeeAnswer>;
/** Which occurrences of a recurring event a change or a delete touches. */
export const OccurrenceScope = z.enum(['this', 'following', 'all']);
export type OccurrenceScope = z.infer<typeof OccurrenceScope>;

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const Instant = z.iso.datetime({ offset: true });

export const Calendar = z.object({
  id: Id,
  kind: CalendarKind,
  name: z.string(),
  ownerId: z.number().int().nullable(),
  groupId: z.number().int().nullable(),
  color: z.string(),
  access: CalendarAccess,
  /** Whether the viewer sees the events' details (false: only busy time). */
  details: z.boolean(),
  /** Whether the viewer may add events to it. */
  canAdd: z.boolean(),
  /** Whether the viewer manages it (access setting, the subscription address). */
  manage: z.boolean(),
  version: z.number().int(),
});
export type Calendar = z.infer<typeof Calendar>;
export const CalendarList = z.object({ items: z.array(Calendar) });

export const CalendarPatch = z.object({ version: Id, access: CalendarAccess.optional(), color: Color.optional(), name: z.string().trim().min(1).max(200).optional() });

export const CalendarsQuery = z.object({ userId: IdValue.optional(), groupId: IdValue.optional() });

export const Room = z.object({ id: Id, name: z.string(), capacity: z.number().int().nullable() });
export const RoomList = z.object({ items: z.array(Room) });
export const RoomInput = z.object({ name: z.string().trim().min(1).max(200), capacity: z.number().int().min(1).max(10_000).nullable().optional() });

const Attendee = z.object({ userId: Id, name: z.string(), answer: AttendeeAnswer });

const EventFields = {
  title: z.string().trim().min(1).max(500),
  description: z.string().max(100_000).optional(),
  startAt: Instant,
  endAt: Instant,
  allDay: z.boolean().optional(),
  timeZone: z.string().max(100).optional(),
  place: z.string().max(500).optional(),
  roomId: Id.nullable().optional(),
  importance: Importance.optional(),
  private: z.boolean().optional(),
  color: Color.nullable().optional(),
  /** Minutes before the start. */
  reminders: z.array(z.number().int().min(0).max(40_320)).max(5).optional(),
  /** An RFC 5545 rule without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`. */
  rrule: z.string().max(500).nullable().optional(),
  attendeeIds: z.array(Id).max(500).optional(),
  /** People outside the portal, by e-mail: they get the invitation as a `text/calendar` part and answer by its link or a reply. */
  guests: z.array(z.string().trim().max(320)).max(100).optional(),
  departmentIds: z.array(Id).max(50).optional(),
  crmLinks: z
    .array(z.object({ type: z.enum(['lead', 'deal', 'contact', 'company']), id: Id }))
    .max(20)
    .optional(),
  /** Attached files: the author's own uploads, or files the event already has. */
  fileIds: z.array(Id).max(20).optional(),
};

export const EventInput = z.object({ calendarId: Id, ...EventFields });
export type EventInput = z.infer<typeof EventInput>;

export const EventPatch = z.object({
  version: Id,
  /** For a recurring event: which occurrences (`this` and `following` need `occurrence`, the original start). */
  scope: OccurrenceScope.optional(),
  occurrence: Instant.optional(),
  title: EventFields.title.optional(),
  description: EventFields.description,
  startAt: Instant.optional(),
  endAt: Instant.optional(),
  allDay: EventFields.allDay,
  timeZone: EventFields.timeZone,
  place: EventFields.place,
  roomId: EventFields.roomId,
  importance: EventFields.importance,
  private: EventFields.private,
  color: EventFields.color,
  reminders: EventFields.reminders,
  rrule: EventFields.rrule,
  attendeeIds: EventFields.attendeeIds,
  guests: EventFields.guests,
  departmentIds: EventFields.departmentIds,
  crmLinks: EventFields.crmLinks,
  fileIds: EventFields.fileIds,
});
export type EventPatch = z.infer<typeof EventPatch>;

export const EventDeleteQuery = z.object({ scope: OccurrenceScope.default('all'), occurrence: Instant.optional() });

export const CalendarEvent = z.object({
  id: Id,
  calendarId: Id,
  /** `busy`: the viewer sees only that the time is taken («Занят»). */
  busyOnly: z.boolean(),
  title: z.string(),
  description: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  allDay: z.boolean(),
  timeZone: z.string(),
  place: z.string(),
  room: Room.nullable(),
  importance: Importance,
  private: z.boolean(),
  color: z.string().nullable(),
  reminders: z.array(z.number().int()),
  rrule: z.string().nullable(),
  exdates: z.array(z.string()),
  organizer: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  attendees: z.array(Attendee),
  /** Attendees outside the portal, by e-mail, and their answers. */
  guests: z.array(z.object({ email: z.string(), answer: AttendeeAnswer })),
  /** The CRM items it is linked to that the viewer may open, with their names. */
  crmLinks: z.array(z.object({ type: z.string(), id: z.number().int(), title: z.string(), url: z.string() })),
  files: z.array(FileInfo),
  myAnswer: AttendeeAnswer.nullable(),
  canEdit: z.boolean(),
  version: z.number().int(),
});
export type CalendarEvent = z.infer<typeof CalendarEvent>;

/** One occurrence in a read window: a single event's one, or one of a recurring event's. */
export const Occurrence = z.object({
  eventId: Id,
  calendarId: Id,
  /** The occurrence's original start (what `this` and `following` name). */
  occurrence: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  allDay: z.boolean(),
  title: z.string(),
  busyOnly: z.boolean(),
  recurring: z.boolean(),
  color: z.string().nullable(),
  place: z.string(),
  myAnswer: AttendeeAnswer.nullable(),
  canEdit: z.boolean(),
});
export type Occurrence = z.infer<typeof Occurrence>;
export const OccurrenceList = z.object({
  items: z.array(Occurrence),
  layers: z.array(z.object({ id: z.string(), title: z.string(), startAt: z.string(), endAt: z.string().nullable(), url: z.string(), layer: z.string() })),
});
export type OccurrenceList = z.infer<typeof OccurrenceList>;

const csvIds = z
  .string()
  .regex(/^\d{1,10}(,\d{1,10}){0,99}$/)
  .transform((s) => s.split(',').map(Number));
export const OccurrenceQuery = z.object({
  from: Instant,
  to: Instant,
  calendars: csvIds.optional(),
  layers: z
    .enum(['1', '0'])
    .transform((v) => v === '1')
    .optional(),
});

export const AnswerInput = z.object({ answer: z.enum(['accepted', 'declined', 'maybe']) });
/** An answer of a guest outside the portal, by the secret of their invitation: a form's or a JSON `answer`, or an iCalendar REPLY. */
export const GuestAnswerParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });

export const PlannerQuery = z.object({ from: Instant, to: Instant, userIds: csvIds.optional(), roomIds: csvIds.optional(), minutes: z.coerce.number().int().min(5).max(1440).default(60) });
export const Planner = z.object({
  busy: z.array(z.object({ kind: z.enum(['user', 'room']), id: z.number().int(), startAt: z.string(), endAt: z.string() })),
  firstFree: z.object({ startAt: z.string(), endAt: z.string() }).nullable(),
});

export const FeedInfo = z.object({ url: z.string() });
export const ImportResult = z.object({ imported: z.number().int() });
export const ImportInput = z.object({ ics: z.string().min(1).max(5_000_000) });

const ref = z.number().int();
/** Calendar events (entity `calendar_event`): history, realtime to those who may see them, notifications. */
export const calendarEvents = {
  created: defineEvent('calendar.event.created', z.object({ calendarId: ref, title: z.string(), attendeeIds: z.array(ref), organizerId: ref.nullable() })),
  updated: defineEvent('calendar.event.updated', z.object({ calendarId: ref, title: z.string(), attendeeIds: z.array(ref), organizerId: ref.nullable(), scope: z.string() })),
  deleted: defineEvent('calendar.event.deleted', z.object({ calendarId: ref, title: z.string(), attendeeIds: z.array(ref), organizerId: ref.nullable(), visibleTo: z.array(ref) })),
  answered: defineEvent('calendar.event.answered', z.object({ calendarId: ref, title: z.string(), userId: ref, answer: z.string(), organizerId: ref.nullable() })),
  guestAnswered: defineEvent('calendar.event.guest_answered', z.object({ calendarId: ref, title: z.string(), email: z.string(), answer: z.string(), organizerId: ref.nullable() })),
  reminded: defineEvent('calendar.event.reminded', z.object({ calendarId: ref, title: z.string(), userIds: z.array(ref), startAt: z.string() })),
  calendarChanged: defineEvent('calendar.calendar.changed', z.object({ kind: z.string() })),
};
