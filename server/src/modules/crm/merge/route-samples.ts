import type { Fixture, RouteSamples } from '../../../../test/security/sample-kit.js';

/**
 * A merge of the fixture's item with one that does not exist: the request passes every check of
 * its body and stops at the 404, so the walkers' requests never take the fixture's rows away (a
 * sample that made rows of its own would count as the route's writes). The merge's own tests merge
 * real items.
 */
const ABSENT = 2_000_000_000;
const pair = (fx: Fixture, type: 'contact' | 'company') => [fx.ids[type === 'contact' ? 'crm_contact' : 'crm_company']?.[0] ?? 1, ABSENT];

export const mergeRouteSamples: RouteSamples = {
  samples: {
    'POST /api/crm/:entity/merge/preview': async (fx) => ({ params: { entity: 'contact' }, body: { ids: pair(fx, 'contact') } }),
    'POST /api/crm/:entity/merge': async (fx) => {
      const ids = pair(fx, 'contact');
      return { params: { entity: 'contact' }, body: { ids, primaryId: ids[0], choices: { lastName: ids[1] }, combine: ['phones'], versions: { [ids[0]!]: 1, [ids[1]!]: 1 } } };
    },
    'POST /api/crm/merge/batch': async (fx) => {
      const ids = pair(fx, 'company');
      return { body: { merges: [{ type: 'company', ids, primaryId: ids[0] }] } };
    },
  },
  names: {
    '/api/crm/:entity/merge/preview': { entity: ['contact', 'company'] },
    '/api/crm/:entity/merge': { entity: ['contact', 'company'] },
  },
};
