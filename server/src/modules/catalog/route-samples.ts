import type { RouteSamples } from '../../../test/security/sample-kit.js';
import { productsRouteSamples } from './products/route-samples.js';
import { storeRouteSamples } from './store/route-samples.js';

/** What the route walker needs of «Товары и склады»: each part's samples, in one list. */
const parts: RouteSamples[] = [productsRouteSamples, storeRouteSamples];

export const routeSamples: RouteSamples = {
  samples: Object.assign({}, ...parts.map((p) => p.samples ?? {})),
  params: Object.assign({}, ...parts.map((p) => p.params ?? {})),
  names: Object.assign({}, ...parts.map((p) => p.names ?? {})),
  creators: Object.assign({}, ...parts.map((p) => p.creators ?? {})),
};
