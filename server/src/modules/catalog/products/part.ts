import type { ModulePart } from '../../../platform/registry/parts.js';
import { catalogRights } from '../rights.js';
import { seedDemoCatalogue } from './demo.js';
import { productsMessages } from './messages.js';
import { productRoutes } from './routes.js';
import { productsSearch } from './search-kind.js';

/** The product catalogue: sections, products and services, photos, search, import and export. */
export const productsPart: ModulePart = {
  messages: productsMessages,
  routes: (app) => productRoutes(app),
  demo: seedDemoCatalogue,
  searchKinds: [productsSearch],
  access: {
    // A product's photos (file links) open to whoever may read the catalogue.
    'catalog.product': { table: 'catalog_product', read: async (ctx, ids) => ((await catalogRights(ctx)).catalog === 'none' ? [] : ids) },
  },
};
