import type { RouteSamples } from '../../../test/security/sample-kit.js';

/** Requests of the shell's routes for the route walker and the write tests. */
export const routeSamples: RouteSamples = {
  samples: {
    'PUT /api/shell/settings': async () => ({ body: { pinned: true, order: ['home', 'sitemap'], hidden: [], collapsedGroups: [] } }),
  },
};
