import type { RouteSamples } from '../../../../test/security/sample-kit.js';
import { scoped } from '../../../platform/db/scoped.js';

const today = () => new Date().toISOString().slice(0, 10);

/** The fixture portal's USD rates (a rate's id comes from its table), and the base set to the one it is. */
export const currencyRouteSamples: RouteSamples = {
  samples: {
    'POST /api/crm/currencies/:code/rates': async () => ({ params: { code: 'USD' }, body: { rate: '91.5', validFrom: today() } }),
    'PUT /api/crm/currencies/base': async (fx) => {
      const s = await scoped({ db: fx.t.platform.db, portal: fx.p.portal }).selectFrom('crm_currency_settings').select(['base', 'version']).executeTakeFirst();
      return { body: { code: s?.base ?? 'RUB', version: s?.version ?? 0 } };
    },
  },
  params: {
    '/api/crm/currencies/:code/rates': () => ({ code: 'USD' }),
    '/api/crm/currencies/:code/rates/:id': () => ({ code: 'USD' }),
  },
};
