import type { PortalModule } from '../../platform/registry/registry.js';
import { moduleDir } from '../../platform/paths.js';
import { notificationRoutes } from './routes.js';
import { moduleNotifications, realtimeNotifications } from './processors.js';
import { notificationsEvents } from '@vavilon/contracts';

export const notificationsModule: PortalModule = {
  name: 'notifications',
  events: notificationsEvents,
  help: { moduleIds: ['notifications'], dir: moduleDir('notifications') + '/help' },
  processors: (platform) => [
    // Each module's rules are its own processor, `notifications.<module>` (the users' keeps its cursor).
    ...platform.registry.modules.flatMap((m) => (m.notifications ? [moduleNotifications(platform, m.name, m.notifications)] : [])),
    realtimeNotifications(platform),
  ],
  routes: notificationRoutes,
};
