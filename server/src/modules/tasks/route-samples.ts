import type { RouteSamples } from '../../../test/security/sample-kit.js';
import { cardRouteSamples } from './card/route-samples.js';

/** The tasks module's samples for the route walker: one entry per part. */
const parts: RouteSamples[] = [cardRouteSamples];

export const routeSamples: RouteSamples = {
  samples: Object.assign({}, ...parts.map((p) => p.samples ?? {})),
  params: Object.assign({}, ...parts.map((p) => p.params ?? {})),
  creators: Object.assign({}, ...parts.map((p) => p.creators ?? {})),
};
