import type { AutomationPart } from '../core/types.js';
import { robotsMessages } from './messages.js';
import { robotsNotificationRules } from './notifications.js';
import { robotsRoutes } from './routes.js';

/** The robots part of the automation module: the requests' routes, the robots' notifications and their words. */
export const robotsPart: AutomationPart = {
  messages: robotsMessages,
  routes: (app) => robotsRoutes(app),
  notifications: robotsNotificationRules,
};
