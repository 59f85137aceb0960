import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { agent, buildPortal, signInAll, type Agent, startTestApp, type TestApp, type TestPortal } from '../../../test/harness.js';
import { uploadFile } from '../../../test/files-support.js';
import { drainUntil } from '../../../test/support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;
let strangerId: number;
let mine: number;
let company: number;
let room: number;

const monday = (() => {
  const d = new Date(Date.now() + 14 * 86_400_000);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  d.setUTCHours(9, 0, 0, 0);
  return d;
})();
const at = (days: number, hours = 0) => new Date(monday.getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
  const q = await buildPortal(t);
  strangerId = q.users.employee.id;
  const cals = (await employee.get('/api/calendar/calendars')).json().items as { id: number; kind: string; name: string }[];
  mine = cals.find((c) => c.kind === 'user')!.id;
  company = cals.find((c) => c.kind === 'company')!.id;
  room = (await admin.post('/api/calendar/rooms', { name: 'Волга', capacity: 8 })).json().id;
});
afterAll(() => t?.dispose());

const meeting = (over: Record<string, unknown> = {}) => ({ calendarId: mine, title: 'Планёрка отдела', startAt: at(0), endAt: at(0, 1), timeZone: 'Europe/Moscow', ...over });

describe('calendars', () => {
  it('gives each employee «Мой календарь» and the company calendar, made on first sight', async () => {
    const items = (await employee.get('/api/calendar/calendars')).json().items;
    expect(items.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Мой календарь', 'Календарь компании']));
    expect(items.find((c: { kind: string }) => c.kind === 'company').canAdd).toBe(true);
  });

  it('lets an ordinary employee add to the company calendar, and every colleague sees it', async () => {
    const res = await employee.post('/api/calendar/events', meeting({ calendarId: company, title: 'Корпоратив', startAt: at(4, 8), endAt: at(4, 11) }));
    expect(res.statusCode).toBe(200);
    const list = (await other.get(`/api/calendar/occurrences?from=${at(0)}&to=${at(7)}`)).json().items;
    expect(list.some((o: { title: string }) => o.title === 'Корпоратив')).toBe(true);
  });

  it('shows a colleague’s calendar as busy time until its owner opens the details', async () => {
    const ev = (await employee.post('/api/calendar/events', meeting({ title: 'Визит к врачу', startAt: at(1, 2), endAt: at(1, 3) }))).json();
    const view = async () => (await other.get(`/api/calendar/occurrences?from=${at(1)}&to=${at(2)}&calendars=${mine}`)).json().items.find((o: { eventId: number }) => o.eventId === ev.id);
    expect(await view()).toMatchObject({ title: 'Занят', busyOnly: true });
    expect((await other.get(`/api/calendar/events/${ev.id}`)).json()).toMatchObject({ title: 'Занят', busyOnly: true, description: '' });
    const cal = (await employee.get('/api/calendar/calendars')).json().items.find((c: { id: number }) => c.id === mine);
    expect((await employee.patch(`/api/calendar/calendars/${mine}`, { version: cal.version, access: 'details' })).statusCode).toBe(200);
    expect(await view()).toMatchObject({ title: 'Визит к врачу', busyOnly: false });
    const priv = (await employee.post('/api/calendar/events', meeting({ title: 'Личное дело', private: true, startAt: at(1, 5), endAt: at(1, 6) }))).json();
    expect((await other.get(`/api/calendar/events/${priv.id}`)).json().title).toBe('Занят');
    expect((await other.patch(`/api/calendar/events/${ev.id}`, { version: ev.version, title: 'x' })).statusCode).toBe(403);
  });
});

describe('a weekly meeting with attendees and a room', () => {
  let id: number;
  it('invites the attendees, who answer, and the organiser sees the answers', async () => {
    const res = await employee.post(
      '/api/calendar/events',
      meeting({ rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', roomId: room, attendeeIds: [p.users.other.id, p.users.head.id], description: '<p>План<script>alert(1)</script></p>' }),
    );
    expect(res.statusCode).toBe(200);
    const ev = res.json();
    id = ev.id;
    expect(ev.description).toBe('<p>План</p>');
    expect(ev.attendees.map((a: { answer: string }) => a.answer)).toEqual(['pending', 'pending']);
    const invite = await drainUntil(t, async () => ((await other.get('/api/notifications')).json().items as { kind: string; title: string; url: string }[]).find((n) => n.kind === 'calendar.invited'));
    expect(invite.title).toContain('Планёрка отдела');
    expect(invite.url).toBe(`/calendar?event=${id}`);
    expect((await other.post(`/api/calendar/events/${id}/answer`, { answer: 'accepted' })).statusCode).toBe(200);
    expect((await head.post(`/api/calendar/events/${id}/answer`, { answer: 'maybe' })).statusCode).toBe(200);
    const seen = (await employee.get(`/api/calendar/events/${id}`)).json();
    expect(Object.fromEntries(seen.attendees.map((a: { userId: number; answer: string }) => [a.userId, a.answer]))).toEqual({ [p.users.other.id]: 'accepted', [p.users.head.id]: 'maybe' });
    // The attendee sees the meeting in their own view.
    const theirs = (await other.get(`/api/calendar/occurrences?from=${at(0)}&to=${at(28)}`)).json().items.filter((o: { eventId: number }) => o.eventId === id);
    expect(theirs).toHaveLength(4);
    expect(theirs[0].myAnswer).toBe('accepted');
  });

  it('keeps the room from a second booking, also of a later occurrence', async () => {
    const clash = await head.post('/api/calendar/events', { ...meeting({ calendarId: company, title: 'Чужая встреча' }), startAt: at(14, 0.5), endAt: at(14, 1.5), roomId: room });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.fields[0]).toMatchObject({ field: 'roomId', message: 'Переговорная уже занята в это время' });
    const free = await head.post('/api/calendar/events', { ...meeting({ calendarId: company, title: 'Во вторник' }), startAt: at(1), endAt: at(1, 1), roomId: room });
    expect(free.statusCode).toBe(200);
  });

  it('holds the room under parallel bookings: one of them wins', async () => {
    const tries = await Promise.all(
      [0, 1, 2].map((i) => admin.post('/api/calendar/events', { ...meeting({ calendarId: company, title: `Параллельно ${i}` }), startAt: at(2, 4), endAt: at(2, 5), roomId: room })),
    );
    expect(tries.map((r) => r.statusCode).sort()).toEqual([200, 400, 400]);
  });

  it('moves one occurrence, then this and the following, then deletes one', async () => {
    const ev = (await employee.get(`/api/calendar/events/${id}`)).json();
    const moved = await employee.patch(`/api/calendar/events/${id}`, { version: ev.version, scope: 'this', occurrence: at(7), startAt: at(8, 2), endAt: at(8, 3) });
    expect(moved.statusCode).toBe(200);
    const list = async () =>
      (await employee.get(`/api/calendar/occurrences?from=${at(0)}&to=${at(35)}`)).json().items.filter((o: { title: string }) => o.title.startsWith('Планёрка отдела') || o.title === 'Ретро');
    const starts = (await list()).map((o: { startAt: string }) => o.startAt);
    expect(starts).toEqual([at(0), at(8, 2), at(14), at(21)]);
    const v2 = (await employee.get(`/api/calendar/events/${id}`)).json().version;
    const following = await employee.patch(`/api/calendar/events/${id}`, { version: v2, scope: 'following', occurrence: at(14), title: 'Ретро' });
    expect(following.statusCode).toBe(200);
    const after = await list();
    expect(after.map((o: { title: string }) => o.title)).toEqual(['Планёрка отдела', 'Планёрка отдела', 'Ретро', 'Ретро']);
    const series = following.json();
    expect(series.attendees).toHaveLength(2);
    expect((await employee.del(`/api/calendar/events/${series.id}?scope=this&occurrence=${encodeURIComponent(at(21))}`)).statusCode).toBe(200);
    expect((await list()).map((o: { startAt: string }) => o.startAt)).toEqual([at(0), at(8, 2), at(14)]);
  });
});

describe('attachments and CRM links', () => {
  it('attaches own uploads, readable by those who see the details and by nobody who sees busy time only', async () => {
    const agenda = (await uploadFile(t, employee, 'повестка', 'agenda.txt', 'text/plain')).json().id as number;
    const foreign = (await uploadFile(t, head, 'чужое', 'head.txt', 'text/plain')).json().id as number;
    const bad = await employee.post('/api/calendar/events', meeting({ title: 'С чужим файлом', fileIds: [agenda, foreign] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ field: 'fileIds.1', message: expect.stringContaining('Файл не найден') })]);
    const ev = (
      await employee.post('/api/calendar/events', meeting({ title: 'Разбор повестки', private: true, fileIds: [agenda], attendeeIds: [p.users.other.id], startAt: at(3, 6), endAt: at(3, 7) }))
    ).json();
    expect(ev.files).toEqual([expect.objectContaining({ id: agenda, name: 'agenda.txt' })]);
    // The attendee sees the details and opens the file; a colleague sees «Занят» and no file at all.
    expect((await other.get(`/api/files/${agenda}`)).statusCode).toBe(200);
    expect((await head.get(`/api/calendar/events/${ev.id}`)).json()).toMatchObject({ busyOnly: true, files: [] });
    // The file stays the author's own upload: take the link away and try as the attendee.
    const kept = (await employee.patch(`/api/calendar/events/${ev.id}`, { version: ev.version, fileIds: [] })).json();
    expect(kept.files).toEqual([]);
    expect((await other.get(`/api/files/${agenda}`)).statusCode).toBe(404);
    // Files the event has stay attachable by its other editors; an occurrence taken out keeps them.
    const weekly = (await employee.post('/api/calendar/events', meeting({ title: 'Еженедельный отчёт', rrule: 'FREQ=WEEKLY;COUNT=3', fileIds: [agenda], startAt: at(2, 9), endAt: at(2, 10) }))).json();
    const moved = await employee.patch(`/api/calendar/events/${weekly.id}`, { version: weekly.version, scope: 'this', occurrence: at(9, 9), startAt: at(10, 9), endAt: at(10, 10) });
    expect(moved.json().files.map((f: { id: number }) => f.id)).toEqual([agenda]);
    expect((await employee.del(`/api/calendar/events/${weekly.id}?scope=all`)).statusCode).toBe(200);
    expect((await other.get(`/api/files/${agenda}`)).statusCode).toBe(404);
  });

  it('links CRM items the author may open and shows their names and addresses', async () => {
    const deal = (await admin.post('/api/crm/deals', { title: 'Поставка мебели', responsibleId: p.users.employee.id })).json();
    const ev = await employee.post('/api/calendar/events', meeting({ title: 'Встреча по сделке', crmLinks: [{ type: 'deal', id: deal.id }], startAt: at(4, 1), endAt: at(4, 2) }));
    expect(ev.statusCode).toBe(200);
    expect(ev.json().crmLinks).toEqual([{ type: 'deal', id: deal.id, title: 'Поставка мебели', url: expect.stringContaining(String(deal.id)) }]);
    const q = await buildPortal(t);
    const theirs = (await (await signInAll(t, q)).admin.post('/api/crm/deals', { title: 'Чужая сделка', responsibleId: q.users.admin.id })).json();
    const bad = await employee.patch(`/api/calendar/events/${ev.json().id}`, {
      version: ev.json().version,
      crmLinks: [
        { type: 'deal', id: deal.id },
        { type: 'deal', id: theirs.id },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ field: 'crmLinks.1', message: 'Элемент CRM не найден' })]);
    expect((await employee.get(`/api/calendar/events/${ev.json().id}`)).json().crmLinks).toHaveLength(1);
  });

  it('invites whole departments through a change too', async () => {
    const ev = (await employee.post('/api/calendar/events', meeting({ title: 'Общее собрание', startAt: at(4, 4), endAt: at(4, 5) }))).json();
    const res = await employee.patch(`/api/calendar/events/${ev.id}`, { version: ev.version, departmentIds: [p.departments.team] });
    expect(res.statusCode).toBe(200);
    // The department's people but the organiser, who needs no invitation.
    expect(
      res
        .json()
        .attendees.map((a: { userId: number }) => a.userId)
        .sort(),
    ).toEqual([p.users.head.id, p.users.other.id].sort());
    expect((await employee.patch(`/api/calendar/events/${ev.id}`, { version: res.json().version, departmentIds: [987_654] })).json().error.fields[0].field).toBe('departmentIds');
  });
});

describe('bad input', () => {
  it('answers 400 with the field and a clear message', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ endAt: at(-1) }, 'endAt', 'Окончание не может быть раньше начала'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'Неизвестный часовой пояс'],
      [{ rrule: 'FREQ=MINUTELY' }, 'rrule', 'Правило повторения не распознано или повторяет чаще раза в день'],
      [{ rrule: 'nonsense' }, 'rrule', 'Правило повторения не распознано или повторяет чаще раза в день'],
      [{ attendeeIds: [strangerId] }, 'attendeeIds', 'Выберите участников из сотрудников портала'],
      [{ roomId: 999999 }, 'roomId', 'Переговорная не найдена'],
    ];
    for (const [over, field, message] of cases) {
      const res = await employee.post('/api/calendar/events', meeting(over));
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field, message })]));
    }
    const otherCal = (await other.get('/api/calendar/calendars')).json().items.find((c: { kind: string }) => c.kind === 'user').id;
    expect((await employee.post('/api/calendar/events', meeting({ calendarId: otherCal }))).statusCode).toBe(400);
    expect((await employee.get(`/api/calendar/occurrences?from=${at(0)}&to=${at(800)}`)).statusCode).toBe(400);
  });

  it('expands a rule that never ends only inside the window', async () => {
    const ev = (await employee.post('/api/calendar/events', meeting({ title: 'Каждый день', rrule: 'FREQ=DAILY', startAt: at(0, 10), endAt: at(0, 10.5) }))).json();
    const items = (await employee.get(`/api/calendar/occurrences?from=${at(100)}&to=${at(110)}`)).json().items.filter((o: { eventId: number }) => o.eventId === ev.id);
    expect(items).toHaveLength(10);
  });

  it('hides a group calendar’s events from non-members: 404', async () => {
    const admins = (await admin.get('/api/calendar/calendars')).json().items;
    expect(admins.length).toBeGreaterThan(0);
    expect((await employee.get('/api/calendar/events/987654')).statusCode).toBe(404);
  });
});

describe('the planner', () => {
  it('shows busy time of people and rooms and proposes the first free slot', async () => {
    const from = at(21);
    const res = await employee.get(`/api/calendar/planner?from=${from}&to=${at(22)}&userIds=${p.users.other.id},${p.users.employee.id}&roomIds=${room}&minutes=60`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.busy.some((b: { kind: string }) => b.kind === 'room')).toBe(false);
    expect(body.busy.some((b: { kind: string; id: number }) => b.kind === 'user' && b.id === p.users.other.id)).toBe(false);
    expect(body.firstFree.startAt).toBe(at(21));
    const day0 = (await employee.get(`/api/calendar/planner?from=${at(0)}&to=${at(1)}&userIds=${p.users.other.id}&roomIds=${room}&minutes=60`)).json();
    expect(day0.busy.some((b: { kind: string }) => b.kind === 'room')).toBe(true);
    expect(day0.firstFree.startAt).toBe(at(0, 1));
  });
});

describe('iCalendar', () => {
  it('gives a secret revocable .ics feed that a real parser reads with its recurrence', async () => {
    await employee.post('/api/calendar/events', meeting({ title: 'По средам', rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=3', startAt: at(2, 1), endAt: at(2, 2) }));
    const { url } = (await employee.post(`/api/calendar/calendars/${mine}/feed`, {})).json();
    const path = new URL(url, 'http://x').pathname;
    const res = await agent(t, p.portal.name).get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(res.body));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const weekly = events.find((e) => e.summary === 'По средам')!;
    expect(weekly).toBeTruthy();
    const it = weekly.iterator();
    const dates: string[] = [];
    for (let n = it.next(); n && dates.length < 10; n = it.next()) dates.push(n.toJSDate().toISOString());
    expect(dates).toEqual([at(2, 1), at(9, 1), at(16, 1)]);
    expect(events.some((e) => e.summary === 'Личное дело')).toBe(false);
    expect((await employee.del(`/api/calendar/calendars/${mine}/feed`)).statusCode).toBe(200);
    expect((await agent(t, p.portal.name).get(path)).statusCode).toBe(404);
  });

  it('imports an .ics in one piece, and nothing of a malformed one', async () => {
    const ics = (summary: string, broken = false) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//test//RU',
        'BEGIN:VEVENT',
        'UID:a@test',
        'DTSTART:20270301T090000Z',
        'DTEND:20270301T100000Z',
        `SUMMARY:${summary}`,
        'RRULE:FREQ=DAILY;COUNT=2',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:b@test',
        broken ? 'DTSTART:20270302T090000Z' : 'DTSTART:20270305T090000Z',
        broken ? 'DTEND:20270301T090000Z' : 'DTEND:20270305T100000Z',
        `SUMMARY:${summary} 2`,
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n');
    const ok = await employee.post(`/api/calendar/calendars/${mine}/import`, { ics: ics('Импорт') });
    expect(ok.json()).toEqual({ imported: 2 });
    const window = (await employee.get(`/api/calendar/occurrences?from=2027-03-01T00:00:00Z&to=2027-03-08T00:00:00Z&calendars=${mine}`)).json().items;
    expect(window.map((o: { title: string }) => o.title).filter((x: string) => x.startsWith('Импорт'))).toEqual(['Импорт', 'Импорт', 'Импорт 2']);
    const bad = await employee.post(`/api/calendar/calendars/${mine}/import`, { ics: ics('Сломано', true) });
    expect(bad.statusCode).toBe(400);
    expect((await employee.post(`/api/calendar/calendars/${mine}/import`, { ics: 'BEGIN:VCALENDAR\r\nnot a thing' })).statusCode).toBe(400);
    const again = (await employee.get(`/api/calendar/occurrences?from=2027-03-01T00:00:00Z&to=2027-03-08T00:00:00Z&calendars=${mine}`)).json().items;
    expect(again).toHaveLength(window.length);
  });
});

describe('search', () => {
  type Hit = { title: string; subtitle: string | null; url: string };
  const hits = async (a: Agent, q: string): Promise<Hit[]> => {
    const res = await a.get(`/api/search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().groups as { kind: string; items: Hit[] }[]).filter((g) => g.kind === 'calendar.event').flatMap((g) => g.items);
  };
  const page = async (a: Agent, q: string) => {
    const res = await a.get(`/api/search/page?q=${encodeURIComponent(q)}&module=calendar`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { kind: string; title: string; author: { id: number } | null; date: string | null }[]; kinds: { kind: string; count: number }[] };
  };
  const found = async (a: Agent, q: string, title: string) => (await hits(a, q)).some((h) => h.title === title);

  it('finds events the user may see, not others’ busy ones', async () => {
    expect(await found(employee, 'Корпоратив', 'Корпоратив')).toBe(true);
    expect(await found(other, 'Корпоратив', 'Корпоратив')).toBe(true);
    // A private event: its owner finds it, a colleague who sees only «Занят» does not.
    expect(await found(employee, 'Личное дело', 'Личное дело')).toBe(true);
    expect(await hits(other, 'Личное дело')).toEqual([]);
    const counted = await page(other, 'Личное дело');
    expect(counted.items).toEqual([]);
    expect(counted.kinds.find((k) => k.kind === 'calendar.event')).toBeUndefined();
  });

  it('finds an event by another form of its words, its description and its place, with its organiser and start', async () => {
    const ev = (
      await head.post(
        '/api/calendar/events',
        meeting({ calendarId: company, title: 'Совещание по бюджету', description: '<p>Обсудим <b>квартальные</b> расходы</p>', place: 'Большой зал', startAt: at(2, 3), endAt: at(2, 4) }),
      )
    ).json();
    expect(await found(other, 'совещания', 'Совещание по бюджету')).toBe(true);
    expect(await found(other, 'квартальный расход', 'Совещание по бюджету')).toBe(true);
    expect(await found(other, 'большом зале', 'Совещание по бюджету')).toBe(true);
    const shown = await page(other, 'совещания');
    expect(shown.items.find((i) => i.title === 'Совещание по бюджету')).toMatchObject({ kind: 'calendar.event', author: { id: p.users.head.id }, date: ev.startAt });
    expect(shown.kinds.find((k) => k.kind === 'calendar.event')?.count).toBeGreaterThanOrEqual(1);
  });

  it('keeps a colleague’s busy calendar out of the search, except for the attendees', async () => {
    await head.get('/api/calendar/calendars');
    const heads = (await head.get('/api/calendar/calendars')).json().items.find((c: { kind: string }) => c.kind === 'user').id;
    await head.post('/api/calendar/events', meeting({ calendarId: heads, title: 'Разговор с юристом', startAt: at(3, 1), endAt: at(3, 2) }));
    await head.post('/api/calendar/events', meeting({ calendarId: heads, title: 'Разбор с аналитиком', attendeeIds: [p.users.other.id], startAt: at(3, 3), endAt: at(3, 4) }));
    expect(await found(head, 'юристом', 'Разговор с юристом')).toBe(true);
    expect(await hits(other, 'юристом')).toEqual([]);
    expect(await hits(admin, 'юристом')).toEqual([]);
    expect((await page(other, 'юристом')).kinds).toEqual([]);
    expect(await found(other, 'аналитиком', 'Разбор с аналитиком')).toBe(true);
    expect(await hits(employee, 'аналитиком')).toEqual([]);
  });

  it('shows a group calendar’s events to its members only, as they are now', async () => {
    const group = (await head.post('/api/groups', { name: 'Группа планирования', visibility: 'closed', memberIds: [p.users.employee.id] })).json();
    const cal = (await head.get(`/api/calendar/calendars?groupId=${group.id}`)).json().items[0].id;
    const res = await head.post('/api/calendar/events', meeting({ calendarId: cal, title: 'Ретроспектива спринта', startAt: at(4, 1), endAt: at(4, 2) }));
    expect(res.statusCode, res.body).toBe(200);
    expect(await found(employee, 'ретроспективы', 'Ретроспектива спринта')).toBe(true);
    expect(await hits(other, 'ретроспективы')).toEqual([]);
    expect((await page(other, 'ретроспективы')).kinds).toEqual([]);
    expect(await found(admin, 'ретроспективы', 'Ретроспектива спринта')).toBe(true);
    // The subtitle names the calendar, and follows the group's new name.
    expect((await hits(employee, 'ретроспективы'))[0]!.subtitle).toContain('Группа планирования');
    expect((await head.patch(`/api/groups/${group.id}`, { version: group.version, name: 'Группа релизов' })).statusCode).toBe(200);
    expect((await hits(employee, 'ретроспективы'))[0]!.subtitle).toContain('Группа релизов');
    // A member who leaves does not find it any more.
    const left = await head.del(`/api/groups/${group.id}/members/${p.users.employee.id}`);
    expect(left.statusCode, left.body).toBe(200);
    expect(await hits(employee, 'ретроспективы')).toEqual([]);
  });

  it('follows a renamed and a deleted event', async () => {
    const ev = (await employee.post('/api/calendar/events', meeting({ calendarId: company, title: 'Субботник во дворе', startAt: at(5, 1), endAt: at(5, 2) }))).json();
    expect(await found(other, 'субботник', 'Субботник во дворе')).toBe(true);
    expect((await employee.patch(`/api/calendar/events/${ev.id}`, { version: ev.version, title: 'Уборка территории' })).statusCode).toBe(200);
    expect(await hits(other, 'субботник')).toEqual([]);
    expect(await found(other, 'уборку', 'Уборка территории')).toBe(true);
    expect((await employee.del(`/api/calendar/events/${ev.id}`)).statusCode).toBe(200);
    expect(await hits(employee, 'уборку')).toEqual([]);
  });
});
