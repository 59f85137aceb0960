import type { WebFeature } from '../app/feature';
import { authFeature } from './auth/feature';
import { shellFeature } from './shell/feature';
import { usersFeature } from './users/feature';
import { notificationsFeature } from './notifications/feature';
import { crmFeature } from './crm/feature';
import { adminFeature } from './admin/feature';
import { operatorFeature } from './operator/feature';
import { tasksFeature } from './tasks/feature';
import { automationFeature } from './automation/feature';
import { groupsFeature } from './groups/feature';
import { activitiesFeature } from './activities/feature';
import { catalogFeature } from './catalog/feature';
import { workdayFeature } from './workday/feature';
import { calendarFeature } from './calendar/feature';
import { feedFeature } from './feed/feature';
import { driveFeature } from './drive/feature';

/** Every feature of the web app: its pages, menu icons and top-bar items. A new feature is one line here. */
export const features: WebFeature[] = [
  authFeature,
  shellFeature,
  feedFeature,
  usersFeature,
  notificationsFeature,
  tasksFeature,
  groupsFeature,
  automationFeature,
  activitiesFeature,
  catalogFeature,
  workdayFeature,
  calendarFeature,
  driveFeature,
  crmFeature,
  adminFeature,
  operatorFeature,
];
