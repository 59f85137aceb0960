import type { PortalModule } from '../../platform/registry/registry.js';
import { indexProcessor, rebuildJob, rebuildPortal, REBUILD_JOB } from './indexer.js';
import { searchMessages } from './messages.js';
import { searchMigrations } from './migrations/index.js';
import { searchRoutes } from './routes.js';

/**
 * The portal search: one index over every module's kinds (`searchKinds` of each module), fed
 * by the events outbox, asked by the top bar's box, the results page and the modules' lists.
 */
export const searchModule: PortalModule = {
  name: 'search',
  migrations: searchMigrations,
  messages: searchMessages,
  routes: (app) => searchRoutes(app),
  processors: (platform) => [indexProcessor(platform)],
  jobs: (platform) => ({ [REBUILD_JOB]: rebuildJob(platform) }),
  // Last of the demo: what the other modules wrote past their services is indexed too.
  demo: (ctx) => rebuildPortal(ctx).then(() => undefined),
};
