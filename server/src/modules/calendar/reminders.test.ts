import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, type Agent, startTestApp, type TestApp, type TestPortal } from '../../../test/harness.js';

let t: TestApp;
let p: TestPortal;
let employee: Agent;
let other: Agent;
let head: Agent;
let mine: number;

// A weekly meeting three days ahead at 07:00 UTC; the job runner is told the time (no waiting).
const first = new Date(Date.now() + 3 * 86_400_000);
first.setUTCHours(7, 0, 0, 0);
const at = (days: number, minutes = 0) => new Date(first.getTime() + days * 86_400_000 + minutes * 60_000);

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ employee, other, head } = await signInAll(t, p));
  mine = ((await employee.get('/api/calendar/calendars')).json().items as { id: number; kind: string }[]).find((c) => c.kind === 'user')!.id;
});
afterAll(() => t?.dispose());

async function reminders(a: Agent, title: string): Promise<string[]> {
  await t.platform.events.drain();
  return ((await a.get('/api/notifications')).json().items as { kind: string; title: string }[]).filter((n) => n.kind === 'calendar.reminder' && n.title.includes(title)).map((n) => n.title);
}

describe('reminders', () => {
  it('come as notifications at the chosen time before each occurrence, to those who have not declined', async () => {
    const ev = (
      await employee.post('/api/calendar/events', {
        calendarId: mine,
        title: 'Еженедельный отчёт',
        startAt: at(0).toISOString(),
        endAt: at(0, 30).toISOString(),
        rrule: 'FREQ=WEEKLY;COUNT=3',
        reminders: [30],
        attendeeIds: [p.users.other.id, p.users.head.id],
      })
    ).json();
    expect((await head.post(`/api/calendar/events/${ev.id}/answer`, { answer: 'declined' })).statusCode).toBe(200);

    // Thirty-one minutes before: nothing yet.
    await t.platform.jobs.runDue(at(0, -31));
    expect(await reminders(employee, 'Еженедельный отчёт')).toEqual([]);
    // Thirty minutes before the first occurrence: the organiser and the attendee who did not decline.
    await t.platform.jobs.runDue(at(0, -29));
    expect(await reminders(employee, 'Еженедельный отчёт')).toHaveLength(1);
    expect(await reminders(other, 'Еженедельный отчёт')).toHaveLength(1);
    expect(await reminders(head, 'Еженедельный отчёт')).toEqual([]);
    // Run again at the same time: no second reminder of the same occurrence.
    await t.platform.jobs.runDue(at(0, -20));
    expect(await reminders(other, 'Еженедельный отчёт')).toHaveLength(1);
    // A week later: the next occurrence's, then the third's, and no more after the series ends.
    await t.platform.jobs.runDue(at(7, -31));
    expect(await reminders(other, 'Еженедельный отчёт')).toHaveLength(1);
    await t.platform.jobs.runDue(at(7, -29));
    expect(await reminders(other, 'Еженедельный отчёт')).toHaveLength(2);
    await t.platform.jobs.runDue(at(14, -29));
    await t.platform.jobs.runDue(at(21, -29));
    await t.platform.jobs.runDue(at(28, -29));
    expect(await reminders(other, 'Еженедельный отчёт')).toHaveLength(3);
  });

  it('follow a moved event: the old time reminds of nothing, the new one does', async () => {
    const ev = (
      await employee.post('/api/calendar/events', {
        calendarId: mine,
        title: 'Звонок инвестору',
        startAt: at(1).toISOString(),
        endAt: at(1, 30).toISOString(),
        reminders: [15],
        attendeeIds: [p.users.other.id],
      })
    ).json();
    const moved = await employee.patch(`/api/calendar/events/${ev.id}`, { version: ev.version, startAt: at(2).toISOString(), endAt: at(2, 30).toISOString() });
    expect(moved.statusCode).toBe(200);
    await t.platform.jobs.runDue(at(1, -10));
    expect(await reminders(other, 'Звонок инвестору')).toEqual([]);
    await t.platform.jobs.runDue(at(2, -10));
    expect(await reminders(other, 'Звонок инвестору')).toHaveLength(1);
  });
});
