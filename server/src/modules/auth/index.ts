import type { PortalModule } from '../../platform/registry/registry.js';
import { authMessages } from './messages.js';
import { moduleDir } from '../../platform/paths.js';
import { authRoutes } from './routes.js';
import { oidcRoutes } from './oidc.js';
import { authEvents } from '@vavilon/contracts';

export const authModule: PortalModule = {
  name: 'auth',
  events: authEvents,
  messages: authMessages,
  help: { moduleIds: ['login', 'passport', 'invite', 'reset'], dir: moduleDir('auth') + '/help' },
  routes(app, platform) {
    authRoutes(app, platform);
    oidcRoutes(app, platform);
  },
};
