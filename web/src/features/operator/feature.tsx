import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

export const operatorFeature: WebFeature = {
  name: 'operator',
  publicRoutes: [{ path: '/admin/portals', element: page(() => import('./PortalsPage')) }],
};
