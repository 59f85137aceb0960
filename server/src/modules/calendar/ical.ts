import icalGenerator, { ICalEventClass } from 'ical-generator';
import ICAL from 'ical.js';
import { calendarEvents } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { plainText } from '../../platform/rich-text.js';
import { t } from '../../platform/i18n/index.js';
import { randomUUID } from 'node:crypto';
import { calendarRights, viewerOf } from './access.js';
import { lastEnd, parseRule, ruleText } from './recurrence.js';
import { validTimeZone } from './service.js';
import { nowIso } from '../../platform/db/database.js';

/**
 * The `.ics` feed of a calendar, by its secret: its events with their rules and exceptions (a
 * private event, or every event of a calendar shown busy-only, as «Занят» without details).
 */
export async function feed(ctx: Ctx, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const cal = await scoped(ctx).selectFrom('calendar').selectAll().where('feed_token', '=', token).executeTakeFirst();
  if (!cal) return null;
  const options = {
    name: cal.kind === 'company' ? t(ctx.lang, 'calendar.company') : cal.kind === 'user' ? t(ctx.lang, 'calendar.my') : 'Calendar',
    prodId: { company: 'vavilon', product: 'portal' },
  };
  const out = icalGenerator(options);
  const rows = await scoped(ctx).selectFrom('calendar_event').selectAll().where('calendar_id', '=', cal.id).orderBy('start_at').execute();
  const busyOnly = cal.kind === 'user' && cal.access === 'busy';
  for (const r of rows) {
    const hide = busyOnly || !!r.private;
    const ev = out.createEvent({
      id: r.uid,
      start: new Date(r.start_at),
      end: new Date(r.end_at),
      allDay: !!r.all_day,
      summary: hide ? t(ctx.lang, 'calendar.busy') : r.title,
      description: hide ? undefined : plainText(r.description) || undefined,
      location: hide ? undefined : r.place || undefined,
      class: r.private ? ICalEventClass.PRIVATE : ICalEventClass.PUBLIC,
      timezone: r.all_day ? undefined : r.time_zone,
      recurrenceId: r.recurrence_id ? new Date(r.recurrence_id) : undefined,
    });
    if (r.rrule) {
      ev.repeating(`RRULE:${r.rrule}${JSON.parse(r.exdates).length ? '\nEXDATE:' + (JSON.parse(r.exdates) as string[]).map((d) => d.replace(/[-:]/g, '').replace(/\.\d{3}/, '')).join(',') : ''}`);
    }
  }
  return calendarText(icalGenerator(options).toString(), out.events());
}

/**
 * The calendar's text: its header and end (from the calendar without events) around its events,
 * folded at 75 octets as `ICalCalendar.toString()` folds them. ical-generator 10.2.0 makes a
 * TextEncoder for every character while folding (over a second for 5,000 events); this counts
 * each character's UTF-8 length from its code instead and leaves lines short enough untouched.
 */
export function calendarText(shell: string, events: { toString(): string }[]): string {
  const end = shell.lastIndexOf('END:VCALENDAR');
  return shell.slice(0, end) + fold(events.map((e) => e.toString()).join('')) + shell.slice(end);
}

function fold(text: string): string {
  const lines = text.split('\r\n');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.length <= 74 && Buffer.byteLength(line) <= 74) continue;
    let outLine = '';
    let n = 0;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      let ch = line[i]!;
      let bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
        ch += line[++i];
        bytes = 4;
      }
      n += bytes;
      if (n > 74) {
        outLine += '\r\n ';
        n = bytes;
      }
      outLine += ch;
    }
    lines[k] = outLine;
  }
  return lines.join('\r\n');
}

/** Reads an `.ics` and adds its events to the calendar in one transaction: all or (on a malformed file) nothing. */
export async function importIcs(ctx: Ctx, calendarId: number, text: string): Promise<number> {
  const v = await viewerOf(ctx);
  const cal = await scoped(ctx).selectFrom('calendar').selectAll().where('id', '=', calendarId).executeTakeFirst();
  if (!cal || !calendarRights(v, cal).see) throw errors.notFound();
  if (!calendarRights(v, cal).add) throw errors.forbidden();
  let vevents: ICAL.Component[];
  try {
    const comp = new ICAL.Component(ICAL.parse(text));
    if (comp.name !== 'vcalendar') throw new Error('not a calendar');
    vevents = comp.getAllSubcomponents('vevent');
  } catch {
    throw errors.field('ics', 'calendar.ics_invalid');
  }
  const drafts = vevents.map((vc, i) => {
    try {
      const e = new ICAL.Event(vc);
      if (!e.startDate) throw new Error('no start');
      const start = e.startDate.toJSDate();
      const end = e.endDate ? e.endDate.toJSDate() : new Date(start.getTime() + (e.startDate.isDate ? 86_400_000 : 3_600_000));
      if (end < start) throw new Error('end before start');
      const rruleProp = vc.getFirstPropertyValue('rrule') as ICAL.Recur | null;
      let rule: string | null = null;
      if (rruleProp) {
        const o = parseRule(rruleProp.toString());
        if (!o) throw new Error('rule');
        rule = ruleText(o);
      }
      const exdates = vc.getAllProperties('exdate').flatMap((p) => p.getValues().map((x) => (x as ICAL.Time).toJSDate().toISOString()));
      const tz = e.startDate.zone?.tzid;
      return {
        uid: e.uid || randomUUID(),
        title: (e.summary || '').slice(0, 500) || '—',
        description: (e.description || '').slice(0, 100_000).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!),
        start_at: start.toISOString(),
        end_at: end.toISOString(),
        all_day: e.startDate.isDate ? 1 : 0,
        time_zone: tz && validTimeZone(tz) ? tz : 'UTC',
        place: (e.location || '').slice(0, 500),
        rrule: rule,
        exdates: JSON.stringify(exdates),
      };
    } catch {
      throw errors.field(`ics.${i}`, 'calendar.ics_invalid');
    }
  });
  await transaction(ctx, async (tx) => {
    const now = nowIso();
    for (const d of drafts) {
      const row = await scoped(tx)
        .insertInto('calendar_event', {
          calendar_id: calendarId,
          parent_id: null,
          recurrence_id: null,
          ...d,
          room_id: null,
          importance: 'normal',
          private: 0,
          color: null,
          reminders: '[]',
          until_at: lastEnd(d.rrule, d.start_at, new Date(d.end_at).getTime() - new Date(d.start_at).getTime()),
          organizer_id: v.userId,
          crm_links: '[]',
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordEvent(tx, calendarEvents.created, { entityType: 'calendar_event', entityId: row.id, payload: { calendarId, title: d.title, attendeeIds: [], organizerId: v.userId } });
    }
  });
  return drafts.length;
}
