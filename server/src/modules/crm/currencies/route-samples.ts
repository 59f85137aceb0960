import type { RouteSamples } from '../../../../test/security/sample-kit.js';
import { scoped } from '../../../platform/db/scoped.js';

const today = () => new Date().toISOString().slice(0, 10);

/** Rates of the fixture portal's USD: a new one, and a later one to delete; the base set to the one it is. */
export const currencyRouteSamples: RouteSamples = {
  samples: {
    'POST /api/crm/currencies/:code/rates': async () => ({ params: { code: 'USD' }, body: { rate: '91.5', validFrom: today() } }),
    'DELETE /api/crm/currencies/:code/rates/:id': async (fx) => {
      const row = await scoped({ db: fx.t.platform.db, portal: fx.p.portal })
        .insertInto('crm_currency_rate', {
          code: 'USD',
          rate_micros: 95_000_000,
          valid_from: `2999-01-0${1 + Math.floor(Math.random() * 9)}`,
          created_by: null,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.columns(['portal_id', 'code', 'valid_from']).doUpdateSet({ rate_micros: 95_000_000 }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return { params: { code: 'USD', id: row.id } };
    },
    'PUT /api/crm/currencies/base': async (fx) => {
      const s = await scoped({ db: fx.t.platform.db, portal: fx.p.portal }).selectFrom('crm_currency_settings').select(['base', 'version']).executeTakeFirst();
      return { body: { code: s?.base ?? 'RUB', version: s?.version ?? 0 } };
    },
  },
  names: {
    '/api/crm/currencies/:code/rates': { code: ['USD'] },
    '/api/crm/currencies/:code/rates/:id': { code: ['USD'] },
  },
};
