import type { RouteSamples } from '../../../test/security/sample-kit.js';
import { robotsRouteSamples } from './robots/route-samples.js';
import { rulesRouteSamples } from './rules/route-samples.js';
import { triggersRouteSamples } from './triggers/route-samples.js';

/** What the route walker needs of the automation module: each part's rows and samples, in one list. */
const parts: RouteSamples[] = [robotsRouteSamples, rulesRouteSamples, triggersRouteSamples];

export const routeSamples: RouteSamples = {
  samples: Object.assign({}, ...parts.map((p) => p.samples ?? {})),
  params: Object.assign({}, ...parts.map((p) => p.params ?? {})),
  names: Object.assign({}, ...parts.map((p) => p.names ?? {})),
  creators: Object.assign({}, ...parts.map((p) => p.creators ?? {})),
};
