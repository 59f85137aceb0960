import type { PortalModule } from '../../platform/registry/registry.js';
import { operatorRoutes } from './routes.js';

/** The install's operator: creates portals (page `/admin/portals` at the central address, `npm run portal`). */
export const operatorModule: PortalModule = {
  name: 'operator',
  routes: operatorRoutes,
};
