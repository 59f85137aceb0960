import { SECRET, sendFile, type RouteSamples } from '../../../test/security/sample-kit.js';
import { currencyRouteSamples } from './currencies/route-samples.js';
import { duplicateRouteSamples } from './duplicates/route-samples.js';
import { mergeRouteSamples } from './merge/route-samples.js';

/** An import comes from an upload to a list's import (multipart), waiting to be started. */
export const routeSamples: RouteSamples = {
  samples: { ...currencyRouteSamples.samples, ...duplicateRouteSamples.samples, ...mergeRouteSamples.samples },
  params: { ...currencyRouteSamples.params },
  names: { ...mergeRouteSamples.names },
  creators: {
    crm_import: async (fx, admin, routes) => {
      const upload = routes.find((r) => r.method === 'POST' && /^\/api\/crm\/\w+\/import$/.test(r.url));
      if (upload) await sendFile(fx.t, admin, fx.p.portal.name, upload.url, 'list.csv', `Название;Имя;Фамилия\n${SECRET};${SECRET};Импортов\n`);
    },
  },
};
