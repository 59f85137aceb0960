import { randomBytes, randomUUID } from 'node:crypto';
import { calendarEvents, type Calendar, type CalendarEvent, type EventInput, type EventPatch, type Occurrence, type OccurrenceScope } from '@vavilon/contracts';
import { checkAccess } from '../../platform/access.js';
import { lockForUpdate, transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { t } from '../../platform/i18n/index.js';
import { sanitizeRichText } from '../../platform/rich-text.js';
import { fileInfos, ownFileIds, removeFileLinks, setFileLinks } from '../files/api.js';
import { activeUserIds, departmentMemberIds, departmentSubtree, existingUserIds, userRefs } from '../users/api.js';
import { groupRefs, memberGroupIds } from '../groups/api.js';
import { calendarRights, eventRights, viewerOf, type CalendarRow, type EventRow, type Viewer } from './access.js';
import { copyGuests, guestEmails, guestsOf, mailGuests, setGuests } from './itip.js';
import { HORIZON_MS, continueFrom, endBefore, lastEnd, parseRule, ruleText, startsBetween } from './recurrence.js';

export const REMINDER_JOB = 'calendar.reminder';
/** Where an event's files are linked: read by those who see its details, not its busy time only. */
export const EVENT_FILES = 'calendar_event.details';
const COLORS = ['#2fc6f6', '#9dcf00', '#ff5752', '#f7a700', '#7a5cff', '#00b4ac'];
const DAY = 86_400_000;
const json = <T>(s: string): T => JSON.parse(s) as T;
const iso = (v: string | Date) => new Date(v).toISOString();

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ calendars

async function ensure(ctx: Ctx, key: string, values: Omit<CalendarRow, 'id' | 'portal_id' | 'key' | 'version' | 'created_at' | 'feed_token'>): Promise<void> {
  await (scoped(ctx).insertInto('calendar', { key, ...values, feed_token: null, version: 1, created_at: nowIso() }) as any)
    .onConflict((oc: any) => oc.columns(['portal_id', 'key']).doNothing())
    .execute();
}

/** «Мой календарь» of a user and «Календарь компании», made the first time they are needed. */
export async function ensureCalendars(ctx: Ctx, userId: number | null): Promise<void> {
  await ensure(ctx, 'company', { kind: 'company', owner_id: null, group_id: null, name: 'company', color: '#f7a700', access: 'details' });
  if (userId !== null) await ensure(ctx, `user:${userId}`, { kind: 'user', owner_id: userId, group_id: null, name: 'my', color: '#2fc6f6', access: 'busy' });
}

async function ensureGroupCalendars(ctx: Ctx, groupIds: number[]): Promise<void> {
  for (const id of groupIds) await ensure(ctx, `group:${id}`, { kind: 'group', owner_id: null, group_id: id, name: 'group', color: COLORS[id % COLORS.length]!, access: 'details' });
}

async function calendarName(ctx: Ctx, rows: CalendarRow[]): Promise<Map<number, string>> {
  const users = await userRefs(
    ctx,
    rows.map((r) => r.owner_id),
  );
  const groups = await groupRefs(
    ctx,
    rows.map((r) => r.group_id),
  );
  const me = ctx.actor?.userId;
  return new Map(
    rows.map((r) => [
      r.id,
      r.kind === 'company'
        ? t(ctx.lang, 'calendar.company')
        : r.kind === 'group'
          ? (groups.get(r.group_id!)?.name ?? '')
          : r.owner_id === me
            ? t(ctx.lang, 'calendar.my')
            : (users.get(r.owner_id!)?.fullName ?? ''),
    ]),
  );
}

async function toCalendars(ctx: Ctx, v: Viewer, rows: CalendarRow[]): Promise<Calendar[]> {
  const names = await calendarName(ctx, rows);
  return rows.map((r) => {
    const a = calendarRights(v, r);
    return {
      id: r.id,
      kind: r.kind,
      name: names.get(r.id)!,
      ownerId: r.owner_id,
      groupId: r.group_id,
      color: r.color,
      access: r.access,
      details: a.details,
      canAdd: a.add,
      manage: a.manage,
      version: r.version,
    };
  });
}

/** The viewer's own calendars (theirs, the company's, their groups'), or a colleague's / a group's when asked. */
export async function listCalendars(ctx: Ctx, q: { userId?: number; groupId?: number }): Promise<Calendar[]> {
  const v = await viewerOf(ctx);
  // Made the first time they are needed: the viewer's own list, found whole, writes nothing (no transaction to commit on every read).
  const own = ['company', ...(v.userId !== null ? [`user:${v.userId}`] : []), ...[...v.groups].map((g) => `group:${g}`)];
  const missing = q.userId !== undefined || q.groupId !== undefined || (await scoped(ctx).selectFrom('calendar').select('key').where('key', 'in', own).execute()).length < own.length;
  if (missing)
    await transaction(ctx, async (tx) => {
      await ensureCalendars(tx, v.userId);
      if (q.userId !== undefined) {
        if (!(await existingUserIds(tx, [q.userId])).has(q.userId)) throw errors.notFound();
        await ensureCalendars(tx, q.userId);
      }
      const groups = q.groupId !== undefined ? [q.groupId] : [...v.groups];
      if (q.groupId !== undefined && !(await groupRefs(tx, [q.groupId])).has(q.groupId)) throw errors.notFound();
      await ensureGroupCalendars(tx, groups);
    });
  let query = scoped(ctx).selectFrom('calendar').selectAll();
  if (q.userId !== undefined) query = query.where('key', '=', `user:${q.userId}`);
  else if (q.groupId !== undefined) query = query.where('key', '=', `group:${q.groupId}`);
  else query = query.where('key', 'in', ['company', `user:${v.userId}`, ...[...v.groups].map((g) => `group:${g}`)]);
  const rows = (await query.orderBy('id').execute()).filter((r) => calendarRights(v, r).see);
  if ((q.userId !== undefined || q.groupId !== undefined) && !rows.length) throw errors.notFound();
  const order = { user: 0, company: 1, group: 2 } as const;
  return toCalendars(
    ctx,
    v,
    rows.sort((a, b) => (a.owner_id === v.userId ? -1 : 0) - (b.owner_id === v.userId ? -1 : 0) || order[a.kind] - order[b.kind] || a.id - b.id),
  );
}

async function calendarRow(ctx: Ctx, id: number): Promise<CalendarRow> {
  const row = await scoped(ctx).selectFrom('calendar').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  return row;
}

export async function updateCalendar(ctx: Ctx, id: number, patch: { version: number; access?: 'busy' | 'details'; color?: string; name?: string }): Promise<Calendar> {
  const v = await viewerOf(ctx);
  await transaction(ctx, async (tx) => {
    const row = await calendarRow(tx, id);
    const a = calendarRights(v, row);
    if (!a.see) throw errors.notFound();
    if (!a.manage) throw errors.forbidden();
    await scoped(tx).updateVersioned('calendar', id, patch.version, { access: patch.access ?? row.access, color: patch.color ?? row.color });
    await recordEvent(tx, calendarEvents.calendarChanged, { entityType: 'calendar', entityId: id, payload: { kind: row.kind } });
  });
  return (await toCalendars(ctx, v, [await calendarRow(ctx, id)]))[0]!;
}

/** The subscription address: a new secret each time (the old address stops working); `revoke`: none. */
export async function setFeed(ctx: Ctx, id: number, revoke: boolean): Promise<string | null> {
  const v = await viewerOf(ctx);
  const row = await calendarRow(ctx, id);
  const a = calendarRights(v, row);
  if (!a.see) throw errors.notFound();
  if (!a.manage && !(row.kind !== 'user' && a.details)) throw errors.forbidden();
  const token = revoke ? null : randomBytes(24).toString('base64url');
  await transaction(ctx, async (tx) => {
    await scoped(tx).updateTable('calendar').set({ feed_token: token }).where('id', '=', id).execute();
    await recordEvent(tx, calendarEvents.calendarChanged, { entityType: 'calendar', entityId: id, payload: { kind: row.kind } });
  });
  return token;
}

// ------------------------------------------------------------------ rooms

export async function listRooms(ctx: Ctx) {
  return { items: await scoped(ctx).selectFrom('calendar_room').select(['id', 'name', 'capacity']).orderBy('name').execute() };
}

export async function createRoom(ctx: Ctx, input: { name: string; capacity?: number | null }) {
  const row = await scoped(ctx)
    .insertInto('calendar_room', { name: input.name, capacity: input.capacity ?? null, version: 1 })
    .returning(['id', 'name', 'capacity'])
    .executeTakeFirstOrThrow();
  return row;
}

// ------------------------------------------------------------------ events

/** The fields of an event a form sets, as its row holds them. */
type Draft = Pick<
  EventRow,
  'title' | 'description' | 'start_at' | 'end_at' | 'all_day' | 'time_zone' | 'place' | 'room_id' | 'importance' | 'private' | 'color' | 'reminders' | 'rrule' | 'exdates' | 'crm_links'
>;

/** The occurrences of a row in [from, to): its own span, or its rule's less the EXDATEs. */
export function occurrencesOf(row: Pick<EventRow, 'start_at' | 'end_at' | 'rrule' | 'exdates'>, from: Date, to: Date): { start: Date; end: Date; original: string }[] {
  const start = new Date(row.start_at);
  const length = new Date(row.end_at).getTime() - start.getTime();
  if (!row.rrule) return start < to && new Date(row.end_at) > from ? [{ start, end: new Date(row.end_at), original: iso(start) }] : [];
  const ex = new Set(json<string[]>(row.exdates).map(iso));
  return startsBetween(row.rrule, row.start_at, from, to, length)
    .filter((d) => !ex.has(d.toISOString()))
    .map((d) => ({ start: d, end: new Date(d.getTime() + length), original: d.toISOString() }));
}

function checkDraft(d: Draft, fields: FieldError[]): void {
  if (d.end_at < d.start_at) fields.push({ field: 'endAt', message: 'calendar.end_before_start' });
  if (!validTimeZone(d.time_zone)) fields.push({ field: 'timeZone', message: 'calendar.time_zone_invalid' });
  if (d.rrule !== null && !parseRule(d.rrule)) fields.push({ field: 'rrule', message: 'calendar.rrule_invalid' });
}

/**
 * A room is free for the draft when no other event's occurrence in it overlaps one of the
 * draft's (over two years for a rule that never ends). The room's row is locked first, so two
 * bookings of one room in parallel wait for each other and the second one sees the first.
 */
async function checkRoom(ctx: Ctx, d: Draft, ignore: number[], fields: FieldError[]): Promise<void> {
  if (d.room_id === null) return;
  const room = await lockForUpdate(ctx, scoped(ctx).selectFrom('calendar_room').select(['id', 'version']).where('id', '=', d.room_id)).executeTakeFirst();
  if (!room) return void fields.push({ field: 'roomId', message: 'calendar.room_invalid' });
  // Serialises bookings of one room on PostgreSQL: the row lock is held until the commit.
  await scoped(ctx)
    .updateTable('calendar_room')
    .set({ version: room.version + 1 })
    .where('id', '=', room.id)
    .execute();
  const from = new Date(d.start_at);
  const end = lastEnd(d.rrule, d.start_at, new Date(d.end_at).getTime() - from.getTime());
  const to = end ? new Date(end) : new Date(from.getTime() + HORIZON_MS);
  const mine = occurrencesOf(d, from, to);
  if (!mine.length) return;
  let q = scoped(ctx)
    .selectFrom('calendar_event')
    .select(['id', 'start_at', 'end_at', 'rrule', 'exdates'])
    .where('room_id', '=', d.room_id)
    .where('start_at', '<', to.toISOString())
    .where((eb) => eb.or([eb('until_at', 'is', null), eb('until_at', '>', from.toISOString())]));
  if (ignore.length) q = q.where('id', 'not in', ignore);
  for (const other of await q.execute()) {
    const theirs = occurrencesOf(other, from, to);
    let i = 0;
    for (const m of mine) {
      while (i < theirs.length && theirs[i]!.end <= m.start) i++;
      if (i < theirs.length && theirs[i]!.start < m.end) return void fields.push({ field: 'roomId', message: 'calendar.room_busy' });
    }
  }
}

async function attendeeIdsOf(ctx: Ctx, input: { attendeeIds?: number[]; departmentIds?: number[] }, fields: FieldError[]): Promise<number[] | undefined> {
  if (input.attendeeIds === undefined && input.departmentIds === undefined) return undefined;
  const ids = new Set(input.attendeeIds ?? []);
  const active = await activeUserIds(ctx, [...ids]);
  if ([...ids].some((id) => !active.has(id))) fields.push({ field: 'attendeeIds', message: 'calendar.attendee_invalid' });
  for (const dep of input.departmentIds ?? []) {
    // A department of the portal (its subtree holds at least itself) gives its active people.
    if (!(await departmentSubtree(ctx, dep)).length) fields.push({ field: 'departmentIds', message: 'calendar.department_invalid' });
    else for (const m of await departmentMemberIds(ctx, dep)) ids.add(m);
  }
  return [...ids];
}

type CrmLink = { type: string; id: number };

/** The CRM items among `links` the actor may open, by type, asked once per type. */
async function readableLinks(ctx: Ctx, links: CrmLink[]): Promise<Set<string>> {
  const out = new Set<string>();
  const types = [...new Set(links.map((l) => l.type))];
  for (const type of types) {
    const ids = links.filter((l) => l.type === type).map((l) => l.id);
    for (const id of await checkAccess(ctx, 'read', type, ids)) out.add(`${type}:${id}`);
  }
  return out;
}

/**
 * The links a change writes: those asked for, each one the actor may open, and those of the
 * event they cannot open (someone else linked them: a change they could not see keeps them).
 */
async function checkCrm(ctx: Ctx, links: CrmLink[] | undefined, current: CrmLink[], fields: FieldError[]): Promise<CrmLink[] | undefined> {
  if (links === undefined) return undefined;
  const unique = [...new Map(links.map((l) => [`${l.type}:${l.id}`, l])).values()];
  const open = await readableLinks(ctx, [...unique, ...current]);
  unique.forEach((l, i) => {
    if (!open.has(`${l.type}:${l.id}`)) fields.push({ field: `crmLinks.${i}`, message: 'calendar.crm_invalid' });
  });
  return [...unique, ...current.filter((l) => !open.has(`${l.type}:${l.id}`) && !unique.some((u) => u.type === l.type && u.id === l.id))];
}

async function eventFileIds(ctx: Ctx, eventId: number): Promise<number[]> {
  return (
    await scoped(ctx).selectFrom('file_link').select('file_id').where('entity_type', '=', EVENT_FILES).where('entity_id', '=', eventId).where('field', '=', 'files').orderBy('file_id').execute()
  ).map((r) => r.file_id);
}

/** Files a change may attach: the event's own already, or the actor's uploads. */
async function checkFiles(ctx: Ctx, ids: number[] | undefined, current: number[], fields: FieldError[]): Promise<void> {
  if (!ids) return;
  const added = ids.filter((f) => !current.includes(f));
  const own = await ownFileIds(ctx, added);
  ids.forEach((f, i) => {
    if (!current.includes(f) && !own.has(f)) fields.push({ field: `fileIds.${i}`, message: 'calendar.file_invalid' });
  });
}

/**
 * The reminders of the event's next occurrence (after `after`, now by default) as durable timed
 * jobs, one per chosen time; each, when it fires, schedules its own for the occurrence after.
 * A job of an older version of the event does nothing (the change scheduled its own).
 */
export async function scheduleReminders(
  ctx: Ctx,
  id: number,
  d: Pick<Draft, 'start_at' | 'end_at' | 'rrule' | 'exdates' | 'reminders'>,
  version: number,
  after?: { at: Date; minutes: number },
): Promise<void> {
  const now = Date.now();
  const from = after ? new Date(after.at.getTime() + 1) : new Date(now);
  const minutes = after ? [after.minutes] : json<number[]>(d.reminders);
  // The first occurrence not begun whose reminder is still ahead (one missed while the server was down is not sent late).
  const ahead = occurrencesOf(d, from, new Date(from.getTime() + 400 * DAY)).filter((o) => o.start >= from);
  for (const m of minutes) {
    const next = ahead.find((o) => o.start.getTime() - m * 60_000 > now);
    if (next)
      await ctx.sys.scheduleJob(ctx, {
        type: REMINDER_JOB,
        portalId: ctx.portal.id,
        runAt: new Date(next.start.getTime() - m * 60_000),
        payload: { eventId: id, version, startAt: next.start.toISOString(), minutes: m },
      });
  }
}

async function setAttendees(ctx: Ctx, eventId: number, ids: number[], organiser: number | null): Promise<void> {
  const wanted = ids.filter((id) => id !== organiser);
  const have = await scoped(ctx).selectFrom('calendar_attendee').select(['user_id']).where('event_id', '=', eventId).execute();
  const gone = have.map((h) => h.user_id).filter((u) => !wanted.includes(u));
  if (gone.length) await scoped(ctx).deleteFrom('calendar_attendee').where('event_id', '=', eventId).where('user_id', 'in', gone).execute();
  const added = wanted.filter((u) => !have.some((h) => h.user_id === u));
  if (added.length)
    await scoped(ctx)
      .insertInto(
        'calendar_attendee',
        added.map((user_id) => ({ event_id: eventId, user_id, answer: 'pending' as const })),
      )
      .execute();
}

async function attendeesOf(ctx: Ctx, ids: number[]): Promise<Map<number, { user_id: number; answer: EventRow extends never ? never : 'pending' | 'accepted' | 'declined' | 'maybe' }[]>> {
  const out = new Map<number, { user_id: number; answer: 'pending' | 'accepted' | 'declined' | 'maybe' }[]>();
  if (!ids.length) return out;
  for (const r of await scoped(ctx).selectFrom('calendar_attendee').select(['event_id', 'user_id', 'answer']).where('event_id', 'in', ids).orderBy('id').execute())
    out.set(r.event_id, [...(out.get(r.event_id) ?? []), { user_id: r.user_id, answer: r.answer }]);
  return out;
}

function draftOf(input: Omit<Partial<EventInput>, 'crmLinks'> & { crmLinks?: CrmLink[] }, base: Draft | null, defaultTz: string): Draft {
  const pick = <T>(v: T | undefined, old: T) => (v !== undefined ? v : old);
  const rule = input.rrule !== undefined ? (input.rrule ? (parseRule(input.rrule) ? ruleText(parseRule(input.rrule)!) : input.rrule) : null) : (base?.rrule ?? null);
  return {
    title: pick(input.title, base?.title ?? ''),
    description: input.description !== undefined ? sanitizeRichText(input.description) : (base?.description ?? ''),
    start_at: input.startAt ? iso(input.startAt) : base!.start_at,
    end_at: input.endAt ? iso(input.endAt) : base!.end_at,
    all_day: input.allDay !== undefined ? (input.allDay ? 1 : 0) : (base?.all_day ?? 0),
    time_zone: pick(input.timeZone, base?.time_zone ?? defaultTz),
    place: pick(input.place, base?.place ?? ''),
    room_id: pick(input.roomId, base?.room_id ?? null),
    importance: pick(input.importance, base?.importance ?? 'normal'),
    private: input.private !== undefined ? (input.private ? 1 : 0) : (base?.private ?? 0),
    color: pick(input.color, base?.color ?? null),
    reminders: input.reminders !== undefined ? JSON.stringify([...new Set(input.reminders)]) : (base?.reminders ?? '[]'),
    rrule: rule,
    exdates: base?.exdates ?? '[]',
    crm_links: input.crmLinks !== undefined ? JSON.stringify(input.crmLinks) : (base?.crm_links ?? '[]'),
  };
}

const untilOf = (d: Draft) => lastEnd(d.rrule, d.start_at, new Date(d.end_at).getTime() - new Date(d.start_at).getTime());

async function insertEvent(ctx: Ctx, calendarId: number, d: Draft, extra: { parent_id?: number; recurrence_id?: string; uid?: string; organizer_id: number | null }): Promise<number> {
  const now = nowIso();
  const row = await scoped(ctx)
    .insertInto('calendar_event', {
      calendar_id: calendarId,
      parent_id: extra.parent_id ?? null,
      recurrence_id: extra.recurrence_id ?? null,
      uid: extra.uid ?? randomUUID(),
      ...d,
      until_at: untilOf(d),
      organizer_id: extra.organizer_id,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createEvent(ctx: Ctx, input: EventInput, opts: { tx?: boolean } = {}): Promise<CalendarEvent> {
  const v = await viewerOf(ctx);
  const id = await transaction(ctx, async (tx) => {
    const fields: FieldError[] = [];
    const cal = await scoped(tx).selectFrom('calendar').selectAll().where('id', '=', input.calendarId).executeTakeFirst();
    if (!cal || !calendarRights(v, cal).add) fields.push({ field: 'calendarId', message: 'calendar.calendar_invalid' });
    const crmLinks = await checkCrm(tx, input.crmLinks, [], fields);
    const d = draftOf({ ...input, crmLinks }, null, 'UTC');
    checkDraft(d, fields);
    const attendees = (await attendeeIdsOf(tx, input, fields)) ?? [];
    const guests = guestEmails(input.guests, fields) ?? [];
    await checkFiles(tx, input.fileIds, [], fields);
    if (!fields.length) await checkRoom(tx, d, [], fields);
    if (fields.length) throw errors.validation(fields);
    const organiser = v.userId;
    const id = await insertEvent(tx, input.calendarId, d, { organizer_id: organiser });
    await setAttendees(tx, id, attendees, organiser);
    await setGuests(tx, id, guests);
    if (input.fileIds?.length) await setFileLinks(tx, EVENT_FILES, id, 'files', input.fileIds);
    await mailGuests(tx, id, 'REQUEST');
    await recordEvent(tx, calendarEvents.created, {
      entityType: 'calendar_event',
      entityId: id,
      payload: { calendarId: input.calendarId, title: d.title, attendeeIds: attendees.filter((a) => a !== organiser), organizerId: organiser },
    });
    await scheduleReminders(tx, id, d, 1);
    return id;
  });
  void opts;
  return getEvent(ctx, id);
}

interface Loaded {
  row: EventRow;
  cal: CalendarRow;
  rights: { see: boolean; details: boolean; edit: boolean };
  attendees: { user_id: number; answer: 'pending' | 'accepted' | 'declined' | 'maybe' }[];
}

async function load(ctx: Ctx, v: Viewer, id: number, lock = false): Promise<Loaded> {
  const q = scoped(ctx).selectFrom('calendar_event').selectAll().where('id', '=', id);
  const row = await (lock ? lockForUpdate(ctx, q) : q).executeTakeFirst();
  if (!row) throw errors.notFound();
  const cal = await calendarRow(ctx, row.calendar_id);
  const attendees = (await attendeesOf(ctx, [row.id])).get(row.id) ?? [];
  const rights = eventRights(
    v,
    cal,
    row,
    attendees.some((a) => a.user_id === v.userId),
  );
  if (!rights.see) throw errors.notFound();
  return { row, cal, rights, attendees };
}

export async function getEvent(ctx: Ctx, id: number): Promise<CalendarEvent> {
  const v = await viewerOf(ctx);
  const l = await load(ctx, v, id);
  return toEvent(ctx, v, l);
}

async function toEvent(ctx: Ctx, v: Viewer, l: Loaded): Promise<CalendarEvent> {
  const { row, rights, attendees } = l;
  const busy = !rights.details;
  const refs = await userRefs(ctx, [row.organizer_id, ...attendees.map((a) => a.user_id)]);
  const room = row.room_id !== null ? ((await scoped(ctx).selectFrom('calendar_room').select(['id', 'name', 'capacity']).where('id', '=', row.room_id).executeTakeFirst()) ?? null) : null;
  const me = attendees.find((a) => a.user_id === v.userId);
  const guests = busy ? [] : await guestsOf(ctx, row.id);
  const files = busy ? new Map() : await fileInfos(ctx, await eventFileIds(ctx, row.id));
  const links = busy ? [] : json<CrmLink[]>(row.crm_links);
  const open = await readableLinks(ctx, links);
  const names = new Map<string, { title: string; url: string }>();
  for (const type of new Set(links.map((l) => l.type)))
    for (const [id, d] of await ctx.sys.registry.describe(
      ctx,
      type,
      links.filter((l) => l.type === type && open.has(`${type}:${l.id}`)).map((l) => l.id),
    ))
      names.set(`${type}:${id}`, d);
  return {
    id: row.id,
    calendarId: row.calendar_id,
    busyOnly: busy,
    title: busy ? t(ctx.lang, 'calendar.busy') : row.title,
    description: busy ? '' : row.description,
    startAt: row.start_at,
    endAt: row.end_at,
    allDay: !!row.all_day,
    timeZone: row.time_zone,
    place: busy ? '' : row.place,
    room: busy ? null : room,
    importance: busy ? 'normal' : row.importance,
    private: !!row.private,
    color: row.color,
    reminders: busy ? [] : json(row.reminders),
    rrule: row.rrule,
    exdates: json(row.exdates),
    organizer: busy || row.organizer_id === null ? null : { id: row.organizer_id, name: refs.get(row.organizer_id)?.fullName ?? '' },
    attendees: busy ? [] : attendees.map((a) => ({ userId: a.user_id, name: refs.get(a.user_id)?.fullName ?? '', answer: a.answer })),
    guests: guests.map((g) => ({ email: g.email, answer: g.answer })),
    crmLinks: links.filter((l) => names.has(`${l.type}:${l.id}`)).map((l) => ({ ...l, ...names.get(`${l.type}:${l.id}`)! })),
    files: [...files.values()],
    myAnswer: me ? me.answer : null,
    canEdit: rights.edit,
    version: row.version,
  };
}

function visibleTo(l: Loaded): number[] {
  return [...new Set([l.row.organizer_id, l.cal.owner_id, ...l.attendees.map((a) => a.user_id)].filter((x): x is number => x !== null))];
}

/**
 * A change: of the whole event (`all`, or a single one), of one occurrence (`this`: an override
 * row, the occurrence taken out of the series), or of it and those after (`following`: the series
 * ends before it and a new one, changed, goes on from it).
 */
export async function updateEvent(ctx: Ctx, id: number, patch: EventPatch): Promise<CalendarEvent> {
  const v = await viewerOf(ctx);
  const resultId = await transaction(ctx, async (tx) => {
    const l = await load(tx, v, id, true);
    if (!l.rights.edit) throw errors.forbidden();
    if (l.row.version !== patch.version) throw errors.conflict();
    const scope: OccurrenceScope = l.row.rrule ? (patch.scope ?? 'all') : 'all';
    const fields: FieldError[] = [];
    const attendees = await attendeeIdsOf(tx, patch, fields);
    const guests = guestEmails(patch.guests, fields);
    const currentFiles = await eventFileIds(tx, id);
    await checkFiles(tx, patch.fileIds, currentFiles, fields);
    const crmLinks = await checkCrm(tx, patch.crmLinks, json<CrmLink[]>(l.row.crm_links), fields);
    const change = { ...patch, crmLinks };
    const base = l.row as unknown as Draft;
    let target = id;
    if (scope === 'all') {
      const d = draftOf(change, base, 'UTC');
      checkDraft(d, fields);
      if (!fields.length) await checkRoom(tx, d, [id], fields);
      if (fields.length) throw errors.validation(fields);
      await scoped(tx).updateVersioned('calendar_event', id, l.row.version, { ...d, until_at: untilOf(d), updated_at: nowIso() });
      await scheduleReminders(tx, id, d, l.row.version + 1);
    } else {
      const occ = patch.occurrence ? iso(patch.occurrence) : null;
      const length = new Date(l.row.end_at).getTime() - new Date(l.row.start_at).getTime();
      const hit = occ ? occurrencesOf(l.row, new Date(new Date(occ).getTime() - 1), new Date(new Date(occ).getTime() + 1)).find((o) => o.original === occ) : undefined;
      if (!hit) throw errors.field('occurrence', 'calendar.occurrence_invalid');
      if (scope === 'this') {
        const d = draftOf({ startAt: occ!, endAt: new Date(new Date(occ!).getTime() + length).toISOString(), ...change, rrule: null }, { ...base, rrule: null, exdates: '[]' }, 'UTC');
        checkDraft(d, fields);
        const exdates = JSON.stringify([...json<string[]>(l.row.exdates), occ]);
        if (!fields.length) await checkRoom(tx, d, [id], fields);
        if (fields.length) throw errors.validation(fields);
        await scoped(tx).updateVersioned('calendar_event', id, l.row.version, { exdates, updated_at: nowIso() });
        target = await insertEvent(tx, l.row.calendar_id, d, { parent_id: id, recurrence_id: occ!, uid: l.row.uid, organizer_id: l.row.organizer_id });
        await scheduleReminders(tx, target, d, 1);
      } else {
        const rest = continueFrom(l.row.rrule!, l.row.start_at, new Date(occ!));
        const d = draftOf({ startAt: occ!, endAt: new Date(new Date(occ!).getTime() + length).toISOString(), ...change, rrule: patch.rrule !== undefined ? patch.rrule : rest }, base, 'UTC');
        checkDraft(d, fields);
        const head = { ...base, rrule: endBefore(l.row.rrule!, new Date(occ!)) };
        if (!fields.length) await checkRoom(tx, d, [id], fields);
        if (fields.length) throw errors.validation(fields);
        await scoped(tx).updateVersioned('calendar_event', id, l.row.version, { rrule: head.rrule, until_at: untilOf(head), updated_at: nowIso() });
        target = await insertEvent(tx, l.row.calendar_id, d, { organizer_id: l.row.organizer_id });
        await scheduleReminders(tx, target, d, 1);
      }
      await setAttendees(
        tx,
        target,
        l.attendees.map((a) => a.user_id),
        l.row.organizer_id,
      );
      for (const a of l.attendees) await scoped(tx).updateTable('calendar_attendee').set({ answer: a.answer }).where('event_id', '=', target).where('user_id', '=', a.user_id).execute();
    }
    if (attendees) await setAttendees(tx, target, attendees, l.row.organizer_id);
    // A taken-out occurrence or the rest of a split series keeps the files unless the change sets them.
    const files = patch.fileIds ?? (target !== id ? currentFiles : undefined);
    if (files) await setFileLinks(tx, EVENT_FILES, target, 'files', files);
    // Guests outside the portal: a taken-out occurrence or the rest of a split series keeps them;
    // those taken off get a CANCEL, the others the event as it is now (for a split, both series).
    if (target !== id) await copyGuests(tx, id, target);
    const gone = guests ? await setGuests(tx, target, guests) : [];
    if (gone.length)
      await mailGuests(
        tx,
        target,
        'CANCEL',
        gone.map((email) => ({ email, token: '' })),
      );
    await mailGuests(tx, target, 'REQUEST');
    if (scope === 'following') await mailGuests(tx, id, 'REQUEST');
    const now = await scoped(tx).selectFrom('calendar_attendee').select('user_id').where('event_id', '=', target).execute();
    await recordEvent(tx, calendarEvents.updated, {
      entityType: 'calendar_event',
      entityId: target,
      payload: { calendarId: l.row.calendar_id, title: patch.title ?? l.row.title, attendeeIds: now.map((r) => r.user_id), organizerId: l.row.organizer_id, scope },
    });
    return target;
  });
  return getEvent(ctx, resultId);
}

export async function deleteEvent(ctx: Ctx, id: number, scope: OccurrenceScope, occurrence?: string): Promise<void> {
  const v = await viewerOf(ctx);
  await transaction(ctx, async (tx) => {
    const l = await load(tx, v, id, true);
    if (!l.rights.edit) throw errors.forbidden();
    const payload = { calendarId: l.row.calendar_id, title: l.row.title, attendeeIds: l.attendees.map((a) => a.user_id), organizerId: l.row.organizer_id, visibleTo: visibleTo(l) };
    if (!l.row.rrule || scope === 'all') {
      for (const o of await scoped(tx).selectFrom('calendar_event').select('id').where('parent_id', '=', id).execute()) await mailGuests(tx, o.id, 'CANCEL');
      await mailGuests(tx, id, 'CANCEL');
      const rows = await scoped(tx).selectFrom('calendar_event').select('id').where('parent_id', '=', id).execute();
      await removeFileLinks(tx, EVENT_FILES, [id, ...rows.map((r) => r.id)]);
      await scoped(tx).deleteFrom('calendar_event').where('parent_id', '=', id).execute();
      await scoped(tx).deleteFrom('calendar_event').where('id', '=', id).execute();
      await recordEvent(tx, calendarEvents.deleted, { entityType: 'calendar_event', entityId: id, payload });
      return;
    }
    const occ = occurrence ? iso(occurrence) : null;
    if (!occ || !occurrencesOf(l.row, new Date(new Date(occ).getTime() - 1), new Date(new Date(occ).getTime() + 1)).length) throw errors.field('occurrence', 'calendar.occurrence_invalid');
    if (scope === 'this') {
      await scoped(tx).updateVersioned('calendar_event', id, l.row.version, { exdates: JSON.stringify([...json<string[]>(l.row.exdates), occ]), updated_at: nowIso() });
    } else {
      const rule = endBefore(l.row.rrule, new Date(occ));
      await scoped(tx).updateVersioned('calendar_event', id, l.row.version, { rrule: rule, until_at: untilOf({ ...(l.row as unknown as Draft), rrule: rule }), updated_at: nowIso() });
      const later = await scoped(tx).selectFrom('calendar_event').select('id').where('parent_id', '=', id).where('recurrence_id', '>=', occ).execute();
      await removeFileLinks(
        tx,
        EVENT_FILES,
        later.map((r) => r.id),
      );
      await scoped(tx).deleteFrom('calendar_event').where('parent_id', '=', id).where('recurrence_id', '>=', occ).execute();
    }
    // The series as it is now (without the occurrence, or ending before it) to the guests.
    await mailGuests(tx, id, 'REQUEST');
    await recordEvent(tx, calendarEvents.updated, { entityType: 'calendar_event', entityId: id, payload: { ...payload, scope } });
  });
}

export async function answerEvent(ctx: Ctx, id: number, answer: 'accepted' | 'declined' | 'maybe'): Promise<CalendarEvent> {
  const v = await viewerOf(ctx);
  await transaction(ctx, async (tx) => {
    const l = await load(tx, v, id);
    if (!l.attendees.some((a) => a.user_id === v.userId)) throw errors.field('answer', 'calendar.not_attendee');
    await scoped(tx).updateTable('calendar_attendee').set({ answer }).where('event_id', '=', id).where('user_id', '=', v.userId!).execute();
    await recordEvent(tx, calendarEvents.answered, {
      entityType: 'calendar_event',
      entityId: id,
      payload: { calendarId: l.row.calendar_id, title: l.row.title, userId: v.userId!, answer, organizerId: l.row.organizer_id },
    });
  });
  return getEvent(ctx, id);
}

// ------------------------------------------------------------------ reading a window

const MAX_WINDOW = 367 * DAY;

export function checkWindow(from: string, to: string): { from: Date; to: Date } {
  const f = new Date(from);
  const tt = new Date(to);
  if (tt <= f) throw errors.field('to', 'calendar.end_before_start');
  if (tt.getTime() - f.getTime() > MAX_WINDOW) throw errors.field('to', 'calendar.window_too_long');
  return { from: f, to: tt };
}

/** Events that may have an occurrence in [from, to): begun before its end, their last one not over before its start. */
export function eventsInWindow(ctx: Ctx, from: Date, to: Date) {
  return scoped(ctx)
    .selectFrom('calendar_event')
    .selectAll()
    .where('start_at', '<', to.toISOString())
    .where((eb) => eb.or([eb('until_at', 'is', null), eb('until_at', '>', from.toISOString())]));
}

/** The rows of calendars that may have an occurrence in the window (one statement). */
export const windowQuery = (ctx: Ctx, calendarIds: number[], from: Date, to: Date) => eventsInWindow(ctx, from, to).where('calendar_id', 'in', calendarIds);
const windowRows = (ctx: Ctx, calendarIds: number[], from: Date, to: Date) => windowQuery(ctx, calendarIds, from, to).execute();

/**
 * The events the users attend (not declined), with the attendee: from the attendee rows to the
 * events by their key. Asked as `id in (…)` with the portal, SQLite without fresh statistics took
 * the portal's whole index instead of the ids (400 ms over 2,000,000 events); joined, both
 * databases go from the attendee rows to each event by its key and check the window on it.
 */
export function attendedQuery(ctx: Ctx, userIds: number[], from: Date, to: Date) {
  return scoped(ctx)
    .selectFrom('calendar_attendee')
    .innerJoin('calendar_event', (j) => j.onRef('calendar_event.id', '=', 'calendar_attendee.event_id').onRef('calendar_event.portal_id', '=', 'calendar_attendee.portal_id'))
    .selectAll('calendar_event')
    .select('calendar_attendee.user_id as attendee_id')
    .where('calendar_attendee.user_id', 'in', userIds)
    .where('calendar_attendee.answer', '!=', 'declined')
    .where('calendar_event.start_at', '<', to.toISOString())
    .where((eb) => eb.or([eb('calendar_event.until_at', 'is', null), eb('calendar_event.until_at', '>', from.toISOString())]));
}
const attendedRows = (ctx: Ctx, userIds: number[], from: Date, to: Date) => attendedQuery(ctx, userIds, from, to).execute();

/** The occurrences of the calendars (the viewer's own by default) and the events the viewer attends, in [from, to). */
export async function occurrences(ctx: Ctx, q: { from: string; to: string; calendars?: number[] }): Promise<Occurrence[]> {
  const { from, to } = checkWindow(q.from, q.to);
  const v = await viewerOf(ctx);
  const ids = q.calendars ?? (await listCalendars(ctx, {})).map((c) => c.id);
  const cals = ids.length ? await scoped(ctx).selectFrom('calendar').selectAll().where('id', 'in', ids).execute() : [];
  const seen = cals.filter((c) => calendarRights(v, c).see);
  const rows = seen.length
    ? await windowRows(
        ctx,
        seen.map((c) => c.id),
        from,
        to,
      )
    : [];
  // Meetings the viewer attends in others' calendars show in their own view.
  const mine = q.calendars === undefined && v.userId !== null;
  if (mine) {
    const attended = await attendedRows(ctx, [v.userId!], from, to);
    const have = new Set(rows.map((r) => r.id));
    for (const r of attended) if (!have.has(r.id)) rows.push(r);
  }
  const allCals = new Map(cals.map((c) => [c.id, c]));
  const missing = [...new Set(rows.map((r) => r.calendar_id))].filter((id) => !allCals.has(id));
  if (missing.length) for (const c of await scoped(ctx).selectFrom('calendar').selectAll().where('id', 'in', missing).execute()) allCals.set(c.id, c);
  const att = await attendeesOf(
    ctx,
    rows.map((r) => r.id),
  );
  const busyTitle = t(ctx.lang, 'calendar.busy');
  const out: Occurrence[] = [];
  for (const r of rows) {
    const cal = allCals.get(r.calendar_id)!;
    const a = att.get(r.id) ?? [];
    const me = a.find((x) => x.user_id === v.userId);
    const rights = eventRights(v, cal, r, !!me);
    if (!rights.see) continue;
    for (const o of occurrencesOf(r, from, to))
      out.push({
        eventId: r.id,
        calendarId: r.calendar_id,
        occurrence: o.original,
        startAt: o.start.toISOString(),
        endAt: o.end.toISOString(),
        allDay: !!r.all_day,
        title: rights.details ? r.title : busyTitle,
        busyOnly: !rights.details,
        recurring: !!r.rrule,
        color: r.color ?? cal.color,
        place: rights.details ? r.place : '',
        myAnswer: me ? me.answer : null,
        canEdit: rights.edit,
      });
  }
  return out.sort((x, y) => (x.startAt < y.startAt ? -1 : x.startAt > y.startAt ? 1 : x.eventId - y.eventId));
}

// ------------------------------------------------------------------ planner

/** Busy time of people (their own calendar and the meetings they have not declined) and rooms, and the first free slot of `minutes`. */
export async function planner(ctx: Ctx, q: { from: string; to: string; userIds?: number[]; roomIds?: number[]; minutes: number }) {
  const { from, to } = checkWindow(q.from, q.to);
  const userIds = q.userIds ?? [];
  const present = await existingUserIds(ctx, userIds);
  if (userIds.some((u) => !present.has(u))) throw errors.field('userIds', 'calendar.attendee_invalid');
  const busy: { kind: 'user' | 'room'; id: number; startAt: string; endAt: string }[] = [];
  const cals = userIds.length
    ? await scoped(ctx)
        .selectFrom('calendar')
        .select(['id', 'owner_id'])
        .where(
          'key',
          'in',
          userIds.map((u) => `user:${u}`),
        )
        .execute()
    : [];
  const owner = new Map(cals.map((c) => [c.id, c.owner_id!]));
  // Meetings they organise elsewhere (the company's calendar, a group's): their own calendars are read on their own.
  let elsewhere = eventsInWindow(ctx, from, to).where('organizer_id', 'in', userIds);
  if (owner.size) elsewhere = elsewhere.where('calendar_id', 'not in', [...owner.keys()]);
  // The four reads are independent: on PostgreSQL they go out together, each on its own connection.
  const [own, attended, organised, booked] = await Promise.all([
    owner.size ? windowRows(ctx, [...owner.keys()], from, to) : [],
    userIds.length ? attendedRows(ctx, userIds, from, to) : [],
    userIds.length ? elsewhere.execute() : [],
    q.roomIds?.length ? eventsInWindow(ctx, from, to).where('room_id', 'in', q.roomIds).execute() : [],
  ]);
  for (const r of own) for (const o of occurrencesOf(r, from, to)) busy.push({ kind: 'user', id: owner.get(r.calendar_id)!, startAt: o.start.toISOString(), endAt: o.end.toISOString() });
  for (const r of attended) for (const o of occurrencesOf(r, from, to)) busy.push({ kind: 'user', id: r.attendee_id, startAt: o.start.toISOString(), endAt: o.end.toISOString() });
  for (const r of organised)
    if (!owner.has(r.calendar_id)) for (const o of occurrencesOf(r, from, to)) busy.push({ kind: 'user', id: r.organizer_id!, startAt: o.start.toISOString(), endAt: o.end.toISOString() });
  for (const r of booked) for (const o of occurrencesOf(r, from, to)) busy.push({ kind: 'room', id: r.room_id!, startAt: o.start.toISOString(), endAt: o.end.toISOString() });
  busy.sort((a, b) => (a.startAt < b.startAt ? -1 : a.startAt > b.startAt ? 1 : 0));
  // The first slot of the length, on a quarter hour, that overlaps no busy interval.
  const step = 15 * 60_000;
  const len = q.minutes * 60_000;
  let at = Math.ceil(from.getTime() / step) * step;
  let firstFree: { startAt: string; endAt: string } | null = null;
  while (at + len <= to.getTime()) {
    const clash = busy.find((b) => new Date(b.startAt).getTime() < at + len && new Date(b.endAt).getTime() > at);
    if (!clash) {
      firstFree = { startAt: new Date(at).toISOString(), endAt: new Date(at + len).toISOString() };
      break;
    }
    at = Math.max(at + step, Math.ceil(new Date(clash.endAt).getTime() / step) * step);
  }
  return { busy, firstFree };
}

export { memberGroupIds };
