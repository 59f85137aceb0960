import { randomBytes } from 'node:crypto';
import icalGenerator, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import ICAL from 'ical.js';
import { calendarEvents, type AttendeeAnswer } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { t, type Lang } from '../../platform/i18n/index.js';
import { plainText } from '../../platform/rich-text.js';
import { accountEmails, userRefs } from '../users/api.js';
import type { EventRow } from './access.js';

/**
 * Invitations of attendees outside the portal (iTIP, RFC 5546, by mail as RFC 6047): a REQUEST
 * when they are invited or the event changes, a CANCEL when it is cancelled or they are taken
 * off it, each a `text/calendar` part beside the mail's text. They answer by the link in the
 * mail (a page with three buttons) or by a REPLY their calendar program makes, posted to that link.
 */

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const STATUS: Record<AttendeeAnswer, ICalAttendeeStatus> = {
  pending: ICalAttendeeStatus.NEEDSACTION,
  accepted: ICalAttendeeStatus.ACCEPTED,
  declined: ICalAttendeeStatus.DECLINED,
  maybe: ICalAttendeeStatus.TENTATIVE,
};
const PARTSTAT: Record<string, AttendeeAnswer> = { ACCEPTED: 'accepted', DECLINED: 'declined', TENTATIVE: 'maybe', 'NEEDS-ACTION': 'pending' };

/** The guests' addresses, lower-cased and once each; a malformed one is a field error. */
export function guestEmails(list: string[] | undefined, fields: FieldError[]): string[] | undefined {
  if (list === undefined) return undefined;
  const out = [...new Set(list.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (out.some((e) => e.length > 320 || !EMAIL.test(e))) fields.push({ field: 'guests', message: 'calendar.guest_invalid' });
  return out;
}

export async function guestsOf(ctx: Ctx, eventId: number) {
  return scoped(ctx).selectFrom('calendar_guest').select(['email', 'answer', 'token']).where('event_id', '=', eventId).orderBy('id').execute();
}

/** Sets the event's guests to `emails`: new ones get a secret; returns the ones taken off. */
export async function setGuests(ctx: Ctx, eventId: number, emails: string[]): Promise<string[]> {
  const have = await guestsOf(ctx, eventId);
  const gone = have.map((g) => g.email).filter((e) => !emails.includes(e));
  if (gone.length) await scoped(ctx).deleteFrom('calendar_guest').where('event_id', '=', eventId).where('email', 'in', gone).execute();
  const added = emails.filter((e) => !have.some((g) => g.email === e));
  if (added.length)
    await scoped(ctx)
      .insertInto(
        'calendar_guest',
        added.map((email) => ({ event_id: eventId, email, answer: 'pending' as const, token: randomBytes(24).toString('base64url'), created_at: nowIso() })),
      )
      .execute();
  return gone;
}

/** Copies the guests and their answers of one event to another (an occurrence taken out, a series split). */
export async function copyGuests(ctx: Ctx, from: number, to: number): Promise<void> {
  const have = await guestsOf(ctx, from);
  await setGuests(
    ctx,
    to,
    have.map((g) => g.email),
  );
  for (const g of have) await scoped(ctx).updateTable('calendar_guest').set({ answer: g.answer }).where('event_id', '=', to).where('email', '=', g.email).execute();
}

async function organizerOf(ctx: Ctx, userId: number | null): Promise<{ name: string; email: string }> {
  const name = userId === null ? undefined : (await userRefs(ctx, [userId])).get(userId)?.fullName;
  const email = userId === null ? undefined : (await accountEmails(ctx, [userId])).get(userId);
  const host = ctx.sys.config.publicUrl ? new URL(ctx.sys.config.publicUrl).hostname : 'portal.invalid';
  return { name: name || ctx.portal.title, email: email ?? `noreply@${host}` };
}

const icsDate = (d: string) => d.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The iCalendar text of an iTIP message about one event row for its guests. */
export function itipText(method: 'REQUEST' | 'CANCEL', row: EventRow, organizer: { name: string; email: string }, guests: { email: string; answer: AttendeeAnswer }[]): string {
  const cal = icalGenerator({ prodId: { company: 'vavilon', product: 'portal' }, method: method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL });
  const ev = cal.createEvent({
    id: row.uid,
    sequence: row.version,
    start: new Date(row.start_at),
    end: new Date(row.end_at),
    allDay: !!row.all_day,
    timezone: row.all_day ? undefined : row.time_zone,
    summary: row.title,
    description: plainText(row.description) || undefined,
    location: row.place || undefined,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    recurrenceId: row.recurrence_id ? new Date(row.recurrence_id) : undefined,
    organizer,
  });
  for (const g of guests) ev.createAttendee({ email: g.email, role: ICalAttendeeRole.REQ, status: STATUS[g.answer], rsvp: method === 'REQUEST' });
  if (row.rrule) {
    const ex = JSON.parse(row.exdates) as string[];
    ev.repeating(`RRULE:${row.rrule}${ex.length ? '\nEXDATE:' + ex.map(icsDate).join(',') : ''}`);
  }
  return cal.toString();
}

function when(row: EventRow, lang: Lang): string {
  const opts: Intl.DateTimeFormatOptions = row.all_day
    ? { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }
    : { timeZone: row.time_zone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  return new Date(row.start_at).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB', opts);
}

/** The address of a guest's answer page (and of their REPLY). */
export function answerUrl(ctx: Ctx, token: string): string {
  return `${ctx.sys.config.publicUrl ?? ''}/api/calendar/guest/${token}`;
}

/**
 * Mails the event's guests (or those named) an iTIP message about it, in the caller's transaction:
 * REQUEST with their answer link, or CANCEL.
 */
export async function mailGuests(ctx: Ctx, eventId: number, method: 'REQUEST' | 'CANCEL', only?: { email: string; token: string }[]): Promise<void> {
  const row = await scoped(ctx).selectFrom('calendar_event').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!row) return;
  const all = await guestsOf(ctx, eventId);
  const to = only ?? all;
  if (!to.length) return;
  const organizer = await organizerOf(ctx, row.organizer_id);
  const lang = ctx.lang;
  const text = itipText(method, row, organizer, method === 'CANCEL' && only ? only.map((g) => ({ email: g.email, answer: 'pending' as const })) : all);
  for (const g of to) {
    const lines = [
      t(lang, method === 'REQUEST' ? 'calendar.mail.invited' : 'calendar.mail.cancelled', { name: organizer.name, title: row.title }),
      '',
      `${t(lang, 'calendar.mail.when')}: ${when(row, lang)}`,
      ...(row.place ? [`${t(lang, 'calendar.mail.where')}: ${row.place}`] : []),
      ...(method === 'REQUEST' ? ['', t(lang, 'calendar.mail.answer'), answerUrl(ctx, g.token)] : []),
    ];
    await ctx.sys.queueMail(ctx, {
      portalId: ctx.portal.id,
      to: g.email,
      subject: t(lang, method === 'REQUEST' ? 'calendar.mail.subject_invited' : 'calendar.mail.subject_cancelled', { title: row.title }),
      text: lines.join('\n'),
      calendar: { method, text },
    });
  }
}

/** The guest and their event by the secret of their link; null when there is none. */
export async function guestByToken(ctx: Ctx, token: string) {
  const g = await scoped(ctx).selectFrom('calendar_guest').selectAll().where('token', '=', token).executeTakeFirst();
  if (!g) return null;
  const row = await scoped(ctx).selectFrom('calendar_event').selectAll().where('id', '=', g.event_id).executeTakeFirst();
  return row ? { guest: g, row } : null;
}

/**
 * The answer in a posted body: a form's or JSON's `answer`, or an iCalendar REPLY about this
 * event (its UID) whose ATTENDEE is this guest, with its PARTSTAT.
 */
export function answerIn(body: unknown, guest: { email: string }, uid: string): AttendeeAnswer | null {
  if (body && typeof body === 'object' && 'answer' in body) return pickAnswer(String((body as { answer: unknown }).answer));
  const text = typeof body === 'string' ? body : '';
  if (/BEGIN:VCALENDAR/i.test(text)) {
    let comp: ICAL.Component;
    try {
      comp = new ICAL.Component(ICAL.parse(text));
    } catch {
      return null;
    }
    if (String(comp.getFirstPropertyValue('method') ?? '').toUpperCase() !== 'REPLY') return null;
    for (const ev of comp.getAllSubcomponents('vevent')) {
      if (ev.getFirstPropertyValue('uid') !== uid) continue;
      for (const a of ev.getAllProperties('attendee')) {
        const address = String(a.getFirstValue() ?? '')
          .replace(/^mailto:/i, '')
          .toLowerCase();
        if (address !== guest.email) continue;
        const stat = String(a.getParameter('partstat') ?? '').toUpperCase();
        const answer = PARTSTAT[stat];
        return answer && answer !== 'pending' ? answer : null;
      }
    }
    return null;
  }
  const m = /(?:^|&)answer=([a-z]+)/.exec(text);
  return m ? pickAnswer(m[1]!) : null;
}

const pickAnswer = (a: string): AttendeeAnswer | null => (a === 'accepted' || a === 'declined' || a === 'maybe' ? a : null);

/** Records a guest's answer; the organiser is told. A body without an answer for this guest is a 400. */
export async function answerAsGuest(ctx: Ctx, token: string, body: unknown): Promise<{ title: string; answer: AttendeeAnswer }> {
  return transaction(ctx, async (tx) => {
    const found = await guestByToken(tx, token);
    if (!found) throw errors.notFound();
    const answer = answerIn(body, found.guest, found.row.uid);
    if (!answer) throw errors.field('answer', 'calendar.guest_answer_invalid');
    if (answer !== found.guest.answer) {
      await scoped(tx).updateTable('calendar_guest').set({ answer }).where('id', '=', found.guest.id).execute();
      await recordEvent(tx, calendarEvents.guestAnswered, {
        entityType: 'calendar_event',
        entityId: found.row.id,
        payload: { calendarId: found.row.calendar_id, title: found.row.title, email: found.guest.email, answer, organizerId: found.row.organizer_id },
      });
    }
    return { title: found.row.title, answer };
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The guest's answer page: the event, their answer, and a button for each answer (a POST: a link opened by a mail scanner answers nothing). */
export function answerPage(lang: Lang, row: EventRow, token: string, answer: AttendeeAnswer): string {
  const button = (a: 'accepted' | 'maybe' | 'declined') =>
    `<form method="post" action="/api/calendar/guest/${token}"><input type="hidden" name="answer" value="${a}"><button type="submit"${answer === a ? ' disabled' : ''}>${escapeHtml(t(lang, `calendar.guest.${a}`))}</button></form>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(row.title)}</title></head><body style="font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem"><h1>${escapeHtml(row.title)}</h1><p>${escapeHtml(when(row, lang))}${row.place ? ` · ${escapeHtml(row.place)}` : ''}</p><p>${escapeHtml(t(lang, 'calendar.guest.your_answer'))}: <strong>${escapeHtml(t(lang, `calendar.guest.now.${answer}`))}</strong></p><div style="display:flex;gap:.5rem">${button('accepted')}${button('maybe')}${button('declined')}</div></body></html>`;
}
