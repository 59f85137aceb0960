import type { PortalModule } from '../../platform/registry/registry.js';
import { notificationsMessages } from './messages.js';
import { moduleDir } from '../../platform/paths.js';
import { notificationRoutes } from './routes.js';
import { realtimeNotifications, userNotifications } from './processors.js';

export const notificationsModule: PortalModule = {
  name: 'notifications',
  messages: notificationsMessages,
  help: { moduleIds: ['notifications'], dir: moduleDir('notifications') + '/help' },
  processors: (platform) => [userNotifications(platform), realtimeNotifications(platform)],
  routes: notificationRoutes,
};
