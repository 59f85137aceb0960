import type { RouteSamples } from '../../../test/security/sample-kit.js';
import { DEFAULT_SCHEDULE } from './schedules.js';

const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' });
const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();

/** The panel acts on the caller's own day; a manager's correction aims at the fixture's employee of today. */
export const routeSamples: RouteSamples = {
  samples: {
    'POST /api/workday/close': async () => ({ body: { report: 'Подготовил отчёт' } }),
    'PUT /api/workday/schedules': async () => ({ body: { scope: 'portal', targetId: null, ...DEFAULT_SCHEDULE } }),
    'PUT /api/workday/holidays/:year': async () => ({ params: { year: 2027 }, body: { items: [{ date: '2027-01-01', name: 'Новый год' }] } }),
    'PUT /api/workday/days/:userId/:date': async (fx) => ({
      params: { userId: fx.p.users.employee.id, date: today() },
      body: { intervals: [{ start: hoursAgo(5), end: hoursAgo(1) }], reason: 'Забыл начать рабочий день' },
    }),
    'POST /api/workday/days/:userId/:date/requests': async (fx) => ({
      params: { userId: fx.p.users.employee.id, date: today() },
      body: { intervals: [{ start: hoursAgo(5), end: hoursAgo(1) }], reason: 'Забыл продолжить после обеда' },
    }),
  },
  params: {
    '/api/workday/days/:userId/:date': (fx) => ({ userId: fx.p.users.employee.id, date: today() }),
    '/api/workday/days/:userId/:date/requests': (fx) => ({ userId: fx.p.users.employee.id, date: today() }),
    '/api/workday/holidays/:year': () => ({ year: 2026 }),
  },
  creators: {
    // A department's own schedule, for the route that removes one.
    workday_schedule: async (fx, admin) => {
      const r = await admin.put('/api/workday/schedules', { scope: 'department', targetId: fx.p.departments.team, ...DEFAULT_SCHEDULE, start: '10:00', end: '19:00' });
      if (r.statusCode !== 200) throw new Error(`workday schedule: ${r.statusCode} ${r.body}`);
    },
    // A correction request of the administrator's own day (asked of the heads), for the routes that decide one.
    workday_request: async (fx, admin) => {
      // A finished day of today to ask about (starting twice answers 400, which changes nothing here).
      await admin.post('/api/workday/open', {});
      await admin.post('/api/workday/close', { report: 'День для запроса' });
      const r = await admin.post(`/api/workday/days/${fx.p.users.admin.id}/${today()}/requests`, { intervals: [{ start: hoursAgo(6), end: hoursAgo(2) }], reason: 'Забыл начать рабочий день' });
      if (r.statusCode !== 200) throw new Error(`workday request: ${r.statusCode} ${r.body}`);
    },
  },
};
