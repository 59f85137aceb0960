import type { RouteSamples } from '../../../test/security/sample-kit.js';
import { ganttRouteSamples } from './gantt/route-samples.js';

/** What the route walker needs of the tasks module, one entry per part. */
export const routeSamples: RouteSamples = {
  creators: { ...ganttRouteSamples.creators },
};
