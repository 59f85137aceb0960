import type { PortalModule } from '../../platform/registry/registry.js';
import { filesMessages } from './messages.js';
import { fileRoutes } from './routes.js';
import { filesMigrations } from './migrations/index.js';
import { readableFiles } from './service.js';

/** The portal's file store: uploads, downloads, and rights asked of the modules that refer to files. */
export const filesModule: PortalModule = {
  name: 'files',
  messages: filesMessages,
  migrations: filesMigrations,
  routes: (app, platform) => fileRoutes(app, platform),
  access: { file: { table: 'file', read: readableFiles } },
};
