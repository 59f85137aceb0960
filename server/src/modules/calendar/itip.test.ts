import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { agent, buildPortal, signInAll, type Agent, startTestApp, type TestApp, type TestPortal } from '../../../test/harness.js';
import { drainUntil } from '../../../test/support.js';

let t: TestApp;
let p: TestPortal;
let employee: Agent;
let other: Agent;
let guest: Agent;
let mine: number;

const start = new Date(Date.now() + 10 * 86_400_000);
start.setUTCHours(7, 0, 0, 0);
const at = (days: number, hours = 0) => new Date(start.getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ employee, other } = await signInAll(t, p));
  guest = agent(t, p.portal.name);
  mine = ((await employee.get('/api/calendar/calendars')).json().items as { id: number; kind: string }[]).find((c) => c.kind === 'user')!.id;
});
afterAll(() => t?.dispose());

interface Outbox {
  to_address: string;
  subject: string;
  text: string;
  calendar_method: string | null;
  calendar_text: string | null;
}

async function mailsTo(address: string): Promise<Outbox[]> {
  return (await t.platform.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', address).orderBy('id').execute()) as Outbox[];
}

/** The message as it leaves for SMTP, and its `text/calendar` part: its Content-Type line and decoded text. */
async function calendarPart(row: Outbox): Promise<{ contentType: string; text: string }> {
  const mime = (await new MailComposer(t.platform.mailer.message(row)).compile().build()).toString('utf8');
  const boundaries = [...mime.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]!);
  const parts = boundaries.reduce((list, b) => list.flatMap((s) => s.split(`--${b}`)), [mime]);
  const part = parts.find((s) => /^\s*Content-Type: text\/calendar/i.test(s))!;
  const [head, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n').trim();
  const encoding = /Content-Transfer-Encoding: (\S+)/i.exec(head!)?.[1]?.toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { contentType: /Content-Type: ([^\r\n]+)/i.exec(head!)![1]!, text };
}

function vevent(text: string): { method: string; event: ICAL.Event; comp: ICAL.Component } {
  const comp = new ICAL.Component(ICAL.parse(text));
  return { method: String(comp.getFirstPropertyValue('method')), comp: comp.getFirstSubcomponent('vevent')!, event: new ICAL.Event(comp.getFirstSubcomponent('vevent')!) } as never;
}

const tokenIn = (text: string) => /\/api\/calendar\/guest\/([A-Za-z0-9_-]{20,64})/.exec(text)![1]!;

describe('guests outside the portal, by e-mail', () => {
  let id: number;
  it('mails each guest an invitation with a text/calendar REQUEST part that a calendar program reads', async () => {
    const res = await employee.post('/api/calendar/events', {
      calendarId: mine,
      title: 'Встреча с подрядчиком',
      startAt: at(0),
      endAt: at(0, 1),
      timeZone: 'Europe/Moscow',
      place: 'Офис, 3 этаж',
      rrule: 'FREQ=WEEKLY;COUNT=3',
      attendeeIds: [p.users.other.id],
      guests: ['Partner@Example.com', 'partner@example.com', 'second@example.org'],
    });
    expect(res.statusCode).toBe(200);
    id = res.json().id;
    expect(res.json().guests).toEqual([
      { email: 'partner@example.com', answer: 'pending' },
      { email: 'second@example.org', answer: 'pending' },
    ]);
    const [mail] = await mailsTo('partner@example.com');
    expect(mail!.subject).toContain('Встреча с подрядчиком');
    expect(mail!.text).toContain('/api/calendar/guest/');
    const part = await calendarPart(mail!);
    expect(part.contentType).toMatch(/text\/calendar/i);
    expect(part.contentType).toMatch(/method=REQUEST/i);
    const { method, event } = vevent(part.text);
    expect(method).toBe('REQUEST');
    expect(event.summary).toBe('Встреча с подрядчиком');
    expect(event.location).toBe('Офис, 3 этаж');
    expect(event.startDate.toJSDate().toISOString()).toBe(at(0));
    expect(event.organizer).toBe(`mailto:${p.users.employee.email}`);
    expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual(['mailto:partner@example.com', 'mailto:second@example.org']);
    expect(event.attendees[0]!.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(event.attendees[0]!.getParameter('rsvp')).toBe('TRUE');
    expect(event.isRecurring()).toBe(true);
    const it = event.iterator();
    const starts = [it.next(), it.next(), it.next(), it.next()].map((d) => d?.toJSDate().toISOString() ?? null);
    expect(starts).toEqual([at(0), at(7), at(14), null]);
  });

  it('takes the answer from the link’s page and from an iCalendar REPLY, and tells the organiser', async () => {
    const [mail] = await mailsTo('partner@example.com');
    const token = tokenIn(mail!.text);
    const page = await guest.get(`/api/calendar/guest/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Встреча с подрядчиком');
    // Opening the page answers nothing.
    expect((await employee.get(`/api/calendar/events/${id}`)).json().guests[0].answer).toBe('pending');
    const form = await guest.request('POST', `/api/calendar/guest/${token}`, 'answer=maybe', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(303);
    expect((await employee.get(`/api/calendar/events/${id}`)).json().guests[0].answer).toBe('maybe');
    const note = await drainUntil(t, async () =>
      ((await employee.get('/api/notifications')).json().items as { kind: string; title: string }[]).find((n) => n.kind === 'calendar.answered' && n.title.includes('partner@example.com')),
    );
    expect(note.title).toContain('возможно');

    // What Thunderbird or Outlook sends back: the invitation with METHOD:REPLY and the guest's PARTSTAT.
    const { comp } = vevent((await calendarPart(mail!)).text);
    const reply = new ICAL.Component(['vcalendar', [], []]);
    reply.addPropertyWithValue('prodid', '-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN');
    reply.addPropertyWithValue('version', '2.0');
    reply.addPropertyWithValue('method', 'REPLY');
    const ev = new ICAL.Component('vevent');
    for (const name of ['uid', 'dtstart', 'dtend', 'sequence', 'organizer']) for (const prop of comp.getAllProperties(name)) ev.addProperty(ICAL.Property.fromString(prop.toICALString()));
    const att = ev.addPropertyWithValue('attendee', 'mailto:partner@example.com');
    att.setParameter('partstat', 'ACCEPTED');
    reply.addSubcomponent(ev);
    const posted = await guest.request('POST', `/api/calendar/guest/${token}`, reply.toString(), { 'content-type': 'text/calendar; method=REPLY; charset=utf-8' });
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toEqual({ ok: true, answer: 'accepted' });
    expect((await employee.get(`/api/calendar/events/${id}`)).json().guests).toEqual([
      { email: 'partner@example.com', answer: 'accepted' },
      { email: 'second@example.org', answer: 'pending' },
    ]);
    // A REPLY about someone else, or about another event, changes nothing.
    const foreign = reply.toString().replace('mailto:partner@example.com', 'mailto:intruder@example.com');
    expect((await guest.request('POST', `/api/calendar/guest/${token}`, foreign, { 'content-type': 'text/calendar' })).statusCode).toBe(400);
    expect((await guest.request('POST', `/api/calendar/guest/${'x'.repeat(32)}`, 'answer=accepted', { 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBe(404);
  });

  it('sends the change as a new REQUEST, a CANCEL to a guest taken off, and a CANCEL to all on deletion', async () => {
    const version = (await employee.get(`/api/calendar/events/${id}`)).json().version;
    const res = await employee.patch(`/api/calendar/events/${id}`, { version, title: 'Встреча с подрядчиком (перенесена)', guests: ['partner@example.com'] });
    expect(res.statusCode).toBe(200);
    const toPartner = await mailsTo('partner@example.com');
    const changed = vevent((await calendarPart(toPartner.at(-1)!)).text);
    expect(changed.method).toBe('REQUEST');
    expect(changed.event.summary).toBe('Встреча с подрядчиком (перенесена)');
    expect(changed.event.sequence).toBeGreaterThan(vevent((await calendarPart(toPartner[0]!)).text).event.sequence);
    const dropped = await mailsTo('second@example.org');
    const cancel = await calendarPart(dropped.at(-1)!);
    expect(cancel.contentType).toMatch(/method=CANCEL/i);
    expect(vevent(cancel.text).method).toBe('CANCEL');
    expect(vevent(cancel.text).event.uid).toBe(changed.event.uid);

    expect((await employee.del(`/api/calendar/events/${id}`)).statusCode).toBe(200);
    const last = vevent((await calendarPart((await mailsTo('partner@example.com')).at(-1)!)).text);
    expect(last.method).toBe('CANCEL');
    expect(last.comp.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(last.event.uid).toBe(changed.event.uid);
  });

  it('answers 400 with the field for an address that is not one', async () => {
    const res = await employee.post('/api/calendar/events', { calendarId: mine, title: 'x', startAt: at(1), endAt: at(1, 1), guests: ['not an address'] });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('guests');
    expect(JSON.stringify(res.json())).toContain('адреса электронной почты');
    void other;
  });
});
