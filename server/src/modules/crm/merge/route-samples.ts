import type { Fixture, RouteSamples } from '../../../../test/security/sample-kit.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { CLIENT_DEFAULTS, COMPANY_DEFAULTS, CONTACT_DEFAULTS } from '../items/defaults.js';

/** Two fresh contacts (or companies) of the fixture's portal, owned by its administrator: a merge takes them away. */
async function pair(fx: Fixture, type: 'contact' | 'company'): Promise<number[]> {
  const db = scoped({ db: fx.t.platform.db, portal: fx.p.portal });
  const now = nowIso();
  const common = { ...CLIENT_DEFAULTS, responsible_id: fx.p.users.admin.id, first_touch_at: now, custom: '{}', search_text: '', created_by: null, created_at: now, updated_at: now, version: 1 };
  const ids: number[] = [];
  for (const name of ['Слияние', 'Слияние']) {
    const row =
      type === 'contact'
        ? await db
            .insertInto('crm_contact', { ...CONTACT_DEFAULTS, ...common, last_name: name, first_name: 'Образец' })
            .returning('id')
            .executeTakeFirstOrThrow()
        : await db
            .insertInto('crm_company', { title: name, ...COMPANY_DEFAULTS, ...common })
            .returning('id')
            .executeTakeFirstOrThrow();
    ids.push(Number(row.id));
  }
  return ids;
}

/** A merge of two fresh contacts, so that the walker's merges leave the fixture's rows alone. */
export const mergeRouteSamples: RouteSamples = {
  samples: {
    'POST /api/crm/:entity/merge/preview': async (fx) => ({ params: { entity: 'contact' }, body: { ids: await pair(fx, 'contact') } }),
    'POST /api/crm/:entity/merge': async (fx) => {
      const ids = await pair(fx, 'contact');
      return { params: { entity: 'contact' }, body: { ids, primaryId: ids[0], choices: { lastName: ids[1] }, combine: ['phones'], versions: { [ids[0]!]: 1, [ids[1]!]: 1 } } };
    },
    'POST /api/crm/merge/batch': async (fx) => {
      const ids = await pair(fx, 'company');
      return { body: { merges: [{ type: 'company', ids, primaryId: ids[1] }] } };
    },
  },
  names: {
    '/api/crm/:entity/merge/preview': { entity: ['contact', 'company'] },
    '/api/crm/:entity/merge': { entity: ['contact', 'company'] },
  },
};
