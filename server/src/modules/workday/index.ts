import { workdayEvents } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import { moduleDir } from '../../platform/paths.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import './schema.js';
import { workdayMigrations } from './migrations/index.js';
import { seedDemoWorkday } from './demo.js';
import { workdayMessages } from './messages.js';
import { workdayRoutes } from './routes.js';
import { workdayNotificationRules } from './report.js';
import { AUTO_CLOSE_JOB, autoCloseJob } from './service.js';

/** A day's change is heard by its owner's sockets only: every tab and device of theirs shows the same state. */
const ownerOnly = { users: (e: DomainEvent) => [Number((e.payload as { userId?: number }).userId)].filter((u) => u > 0) };

/** «Рабочий день»: the top bar's panel, schedules, the production calendar, the worktime report and corrections. */
export const workdayModule: PortalModule = {
  name: 'workday',
  events: workdayEvents,
  migrations: workdayMigrations,
  messages: workdayMessages,
  routes: (app) => workdayRoutes(app),
  realtime: { workday: ownerOnly },
  notifications: workdayNotificationRules,
  menu: [
    {
      id: 'timeman',
      title: { ru: 'Учёт рабочего времени', en: 'Worktime' },
      path: '/timeman',
      icon: 'clock',
      order: 83,
      section: 'company',
      description: { ru: 'Рабочие дни сотрудников по месяцам: часы, опоздания, ранние уходы, пропуски', en: 'Employees’ workdays by month: hours, late starts, early ends, missed days' },
    },
  ],
  jobs: (platform) => ({ [AUTO_CLOSE_JOB]: autoCloseJob(platform) }),
  demo: seedDemoWorkday,
  help: { moduleIds: ['workday'], dir: moduleDir('workday') + '/help' },
};
