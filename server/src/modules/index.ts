import type { PortalModule } from '../platform/registry/registry.js';
import { authModule } from './auth/index.js';
import { usersModule } from './users/index.js';
import { shellModule } from './shell/index.js';
import { notificationsModule } from './notifications/index.js';
import { realtimeModule } from './realtime/index.js';
import { historyModule } from './history/index.js';
import { settingsModule } from './settings/index.js';
import { crmModule } from './crm/index.js';
import { filesModule } from './files/index.js';
import { commentsModule } from './comments/index.js';
import { reactionsModule } from './reactions/index.js';
import { operatorModule } from './operator/index.js';
import { groupsModule } from './groups/index.js';
import { tasksModule } from './tasks/index.js';
import { automationModule } from './automation/index.js';
import { activitiesModule } from './activities/index.js';
import { catalogModule } from './catalog/index.js';
import { workdayModule } from './workday/index.js';
import { calendarModule } from './calendar/index.js';
import { feedModule } from './feed/index.js';
import { searchModule } from './search/index.js';
import { driveModule } from './drive/index.js';

/** Every module of the portal. A new module is one line here. */
export const modules: PortalModule[] = [
  authModule,
  shellModule,
  usersModule,
  notificationsModule,
  historyModule,
  realtimeModule,
  settingsModule,
  filesModule,
  commentsModule,
  reactionsModule,
  groupsModule,
  crmModule,
  tasksModule,
  automationModule,
  activitiesModule,
  catalogModule,
  workdayModule,
  calendarModule,
  feedModule,
  driveModule,
  searchModule,
  operatorModule,
];
