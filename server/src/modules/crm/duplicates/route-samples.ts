import type { RouteSamples } from '../../../../test/security/sample-kit.js';

/** A card's check by a phone, and a rebuild of the contacts' keys. */
export const duplicateRouteSamples: RouteSamples = {
  samples: {
    'POST /api/crm/duplicates/check': async () => ({ body: { type: 'contact', phones: ['+79000000001'], name: 'Иван', lastName: 'Петров' } }),
    'POST /api/crm/duplicates/rebuild': async () => ({ body: { type: 'contact' } }),
  },
};
