import type { FastifyInstance } from 'fastify';
import { calendarEvents } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import type { Platform } from '../../platform/platform.js';
import { moduleDir } from '../../platform/paths.js';
import './schema.js';
import { calendarMigrations } from './migrations/index.js';
import { calendarMessages } from './messages.js';
import { calendarAccess, calendarRealtime } from './access.js';
import { calendarRoutes } from './routes.js';
import { calendarNotificationRules, calendarProfileLink, companyEventsFeed, reminderJob } from './signals.js';
import { calendarSearchKind } from './search.js';
import { REMINDER_JOB } from './service.js';
import { seedDemoCalendar } from './demo.js';
import { scoped } from '../../platform/db/scoped.js';
import type { ItemDescriber } from '../../platform/registry/registry.js';

const describeEvents: ItemDescriber = async (ctx, ids) => {
  const rows = await scoped(ctx).selectFrom('calendar_event').select(['id', 'title']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, url: `/calendar?event=${r.id}` }]));
};

/** The calendar («Календарь»): personal, company and group calendars, meetings, rooms, the planner, iCalendar. */
export const calendarModule: PortalModule = {
  name: 'calendar',
  events: calendarEvents,
  messages: calendarMessages,
  migrations: calendarMigrations,
  help: { moduleIds: ['calendar'], dir: moduleDir('calendar') + '/help' },
  menu: [
    {
      id: 'calendar',
      title: { ru: 'Календарь', en: 'Calendar' },
      path: '/calendar',
      icon: 'calendar',
      order: 45,
      section: 'tasks',
      description: { ru: 'Мой календарь, календарь компании, встречи и переговорные', en: 'My calendar, the company calendar, meetings and rooms' },
    },
  ],
  access: calendarAccess,
  realtime: calendarRealtime,
  searchKinds: [calendarSearchKind],
  profileLinks: [calendarProfileLink],
  describe: { calendar_event: describeEvents },
  routes: (app: FastifyInstance, platform: Platform) => calendarRoutes(app, platform),
  notifications: calendarNotificationRules,
  jobs: (platform) => ({ [REMINDER_JOB]: reminderJob(platform) }),
  feedSources: [companyEventsFeed],
  demo: seedDemoCalendar,
};
