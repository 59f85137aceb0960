import { SECRET, sendFile, type RouteSamples } from '../../../test/security/sample-kit.js';
import { scoped } from '../../platform/db/scoped.js';
import { currencyRouteSamples } from './currencies/route-samples.js';
import { duplicateRouteSamples } from './duplicates/route-samples.js';
import { mergeRouteSamples } from './merge/route-samples.js';

/** An import comes from an upload to a list's import (multipart), waiting to be started. */
export const routeSamples: RouteSamples = {
  samples: {
    ...currencyRouteSamples.samples,
    ...duplicateRouteSamples.samples,
    ...mergeRouteSamples.samples,
    // Something of the portal's in the trash: an item deleted by the creator below.
    'POST /api/crm/trash/restore': async (fx) => {
      const e = await scoped({ db: fx.t.platform.db, portal: fx.p.portal }).selectFrom('crm_trash').select(['entity_type', 'entity_id']).executeTakeFirst();
      return { body: { items: [{ type: e?.entity_type ?? 'contact', id: e?.entity_id ?? 1 }] } };
    },
  },
  params: { ...currencyRouteSamples.params },
  names: { ...mergeRouteSamples.names },
  creators: {
    crm_trash: async (_fx, admin) => {
      const c = await admin.post('/api/crm/contacts', { lastName: SECRET });
      await admin.del(`/api/crm/contacts/${(c.json() as { id: number }).id}`);
    },
    crm_import: async (fx, admin, routes) => {
      const upload = routes.find((r) => r.method === 'POST' && /^\/api\/crm\/\w+\/import$/.test(r.url));
      if (upload) await sendFile(fx.t, admin, fx.p.portal.name, upload.url, 'list.csv', `Название;Имя;Фамилия\n${SECRET};${SECRET};Импортов\n`);
    },
  },
};
