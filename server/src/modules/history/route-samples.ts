import type { RouteSamples } from '../../../test/security/sample-kit.js';

/** The history route names its item by type and id: the walker reads an employee's. */
export const routeSamples: RouteSamples = {
  params: {
    '/api/history/:entityType/:entityId': (fx) => ({ entityType: 'user', entityId: fx.p.users.employee.id }),
  },
};
