import { SECRET, versionOf, type RouteSamples } from '../../../../test/security/sample-kit.js';

const productOf = (fx: Parameters<NonNullable<RouteSamples['samples']>[string]>[0]) => fx.prefer?.catalog_product ?? fx.ids.catalog_product?.[0] ?? 1;
const sectionOf = (fx: Parameters<NonNullable<RouteSamples['samples']>[string]>[0]) => fx.prefer?.catalog_section ?? fx.ids.catalog_section?.[0] ?? null;

/** Requests of the catalogue's routes for the route walker and the write tests. */
export const productsRouteSamples: RouteSamples = {
  samples: {
    'POST /api/crm/catalog/sections': async () => ({ body: { name: SECRET } }),
    'POST /api/crm/catalog/products': async (fx) => ({ body: { name: SECRET, sku: 'SKU-' + SECRET.slice(0, 6), price: '100.50', vatRate: 20, sectionId: sectionOf(fx) } }),
    'PATCH /api/crm/catalog/products/:id': async (fx) => {
      const id = productOf(fx);
      return { params: { id }, body: { version: await versionOf(fx.t, 'catalog_product', id), name: SECRET, price: '200' } };
    },
    'POST /api/crm/catalog/products/bulk': async (fx) => ({ body: { action: 'deactivate', ids: [productOf(fx)] } }),
  },
};
