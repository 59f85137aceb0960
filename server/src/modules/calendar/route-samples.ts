import { versionOf, type Fixture, type RouteSamples } from '../../../test/security/sample-kit.js';

const inADay = (h = 0) => new Date(Date.now() + 86_400_000 + h * 3_600_000).toISOString();
const eventOf = (fx: Fixture) => fx.prefer?.calendar_event ?? fx.ids.calendar_event?.[0] ?? 1;
const calendarOf = (fx: Fixture) => fx.prefer?.calendar ?? fx.ids.calendar?.[0] ?? 1;

/** Calendar events in the company calendar of portal A (made through the API by its administrator). */
export const routeSamples: RouteSamples = {
  samples: {
    'POST /api/calendar/events': async (fx) => ({ body: { calendarId: calendarOf(fx), title: 'Встреча', startAt: inADay(), endAt: inADay(1) } }),
    'PATCH /api/calendar/events/:id': async (fx) => {
      const id = eventOf(fx);
      return { params: { id }, body: { version: await versionOf(fx.t, 'calendar_event', id), title: 'Встреча перенесена' } };
    },
    'PATCH /api/calendar/calendars/:id': async (fx) => {
      const id = calendarOf(fx);
      return { params: { id }, body: { version: await versionOf(fx.t, 'calendar', id), access: 'details' } };
    },
    'POST /api/calendar/events/:id/answer': async (fx) => ({ params: { id: eventOf(fx) }, body: { answer: 'accepted' } }),
    'POST /api/calendar/rooms': async () => ({ body: { name: 'Переговорная', capacity: 6 } }),
    'POST /api/calendar/calendars/:id/import': async (fx) => ({
      params: { id: calendarOf(fx) },
      body: {
        ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//RU\r\nBEGIN:VEVENT\r\nUID:x@t\r\nDTSTART:20270101T090000Z\r\nDTEND:20270101T100000Z\r\nSUMMARY:Импорт\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      },
    }),
  },
  params: {
    '/api/calendar/feed/:token': () => ({ token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics' }),
    '/api/calendar/guest/:token': () => ({ token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }),
  },
  creators: {
    calendar_event: async (_fx, admin) => {
      const cals = (await admin.get('/api/calendar/calendars')).json() as { items: { id: number; kind: string }[] };
      const company = cals.items.find((c) => c.kind === 'company')!;
      await admin.post('/api/calendar/events', { calendarId: company.id, title: 'Планёрка', startAt: inADay(), endAt: inADay(1), rrule: 'FREQ=WEEKLY;COUNT=5' });
    },
  },
};
