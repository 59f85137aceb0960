import type { RouteSamples } from '../../../test/security/sample-kit.js';
import { ganttRouteSamples } from './gantt/route-samples.js';
import { scrumRouteSamples } from './scrum/route-samples.js';
import { cardRouteSamples } from './card/route-samples.js';

/** What the route walker needs of the tasks module: each part's rows and samples, in one list. */
const parts: RouteSamples[] = [cardRouteSamples, ganttRouteSamples, scrumRouteSamples];

export const routeSamples: RouteSamples = {
  samples: Object.assign({}, ...parts.map((p) => p.samples ?? {})),
  params: Object.assign({}, ...parts.map((p) => p.params ?? {})),
  names: Object.assign({}, ...parts.map((p) => p.names ?? {})),
  creators: Object.assign({}, ...parts.map((p) => p.creators ?? {})),
};
