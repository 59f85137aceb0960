import type { PortalModule } from '../../platform/registry/registry.js';
import { seedDemoOperator } from './demo.js';
import { operatorMessages } from './messages.js';
import { operatorRoutes } from './routes.js';
import { operatorMigrations } from './migrations/index.js';

/** The install's operator: creates portals (page `/admin/portals` at the central address, `npm run portal`). */
export const operatorModule: PortalModule = {
  name: 'operator',
  messages: operatorMessages,
  migrations: operatorMigrations,
  routes: operatorRoutes,
  demo: seedDemoOperator,
};
