import type { Generated } from 'kysely';

/** A calendar: a user's «Мой календарь», the portal's «Календарь компании» or a group's; `key` makes each one unique. */
export interface CalendarTable {
  id: Generated<number>;
  portal_id: number;
  key: string;
  kind: 'user' | 'company' | 'group';
  owner_id: number | null;
  group_id: number | null;
  name: string;
  color: string;
  access: 'busy' | 'details';
  /** The secret of the `.ics` subscription address; null: none (revoked). */
  feed_token: string | null;
  version: number;
  created_at: string;
}

/** An event; a recurring one keeps its RRULE and EXDATEs, an edited occurrence is a row with `parent_id` and `recurrence_id`. */
export interface CalendarEventTable {
  id: Generated<number>;
  portal_id: number;
  calendar_id: number;
  parent_id: number | null;
  /** The original start of the occurrence an override replaces. */
  recurrence_id: string | null;
  uid: string;
  title: string;
  description: string;
  start_at: string;
  end_at: string;
  all_day: number;
  time_zone: string;
  place: string;
  room_id: number | null;
  importance: 'low' | 'normal' | 'high';
  private: number;
  color: string | null;
  /** JSON: minutes before the start. */
  reminders: string;
  rrule: string | null;
  /** JSON: ISO starts of removed occurrences. */
  exdates: string;
  /** The end of the last occurrence (null: never ends); narrows the read window's query. */
  until_at: string | null;
  organizer_id: number | null;
  /** JSON: [{ type, id }] of CRM items. */
  crm_links: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CalendarAttendeeTable {
  id: Generated<number>;
  portal_id: number;
  event_id: number;
  user_id: number;
  answer: 'pending' | 'accepted' | 'declined' | 'maybe';
}

/** An attendee outside the portal, by e-mail; `token` is the secret of their answer link (and of a REPLY posted for them). */
export interface CalendarGuestTable {
  id: Generated<number>;
  portal_id: number;
  event_id: number;
  email: string;
  answer: 'pending' | 'accepted' | 'declined' | 'maybe';
  token: string;
  created_at: string;
}

export interface CalendarRoomTable {
  id: Generated<number>;
  portal_id: number;
  name: string;
  capacity: number | null;
  version: number;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    calendar: CalendarTable;
    calendar_event: CalendarEventTable;
    calendar_attendee: CalendarAttendeeTable;
    calendar_guest: CalendarGuestTable;
    calendar_room: CalendarRoomTable;
  }
}
