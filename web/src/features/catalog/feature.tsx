import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

/** «Товары и склады» under /crm/catalog: the product catalogue, warehouses, documents. */
export const catalogFeature: WebFeature = {
  name: 'catalog',
  routes: [{ path: 'crm/catalog/*', element: page(() => import('./CatalogRoutes')) }],
};
