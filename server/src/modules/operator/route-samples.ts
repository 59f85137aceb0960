import type { RouteSamples } from '../../../test/security/sample-kit.js';

let seq = 0;

/** Requests of the operator's routes for the route walker and the write tests. */
export const routeSamples: RouteSamples = {
  samples: {
    'POST /api/operator/portals': async (fx) => ({
      body: { name: `new-${++seq}-${fx.p.portal.name}`.slice(0, 40), title: 'Новый портал', adminEmail: `admin${seq}.${fx.p.portal.name}@example.test` },
    }),
  },
};
