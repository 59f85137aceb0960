import type { RouteSamples } from '../../../../test/security/sample-kit.js';

/** The incoming webhook's address: a well-formed token no trigger has (the walker's calls must write nothing). */
export const triggersRouteSamples: RouteSamples = {
  params: {
    '/api/automation/hook/:token': () => ({ token: `1-${'x'.repeat(32)}` }),
  },
};
