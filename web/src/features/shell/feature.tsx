import { IconAffiliate, IconHome, IconSettings, IconSitemap } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

export const shellFeature: WebFeature = {
  name: 'shell',
  routes: [
    { index: true, element: page(() => import('./HomePage')) },
    { path: 'sitemap', element: page(() => import('./SiteMapPage')) },
    { path: 'search', element: page(() => import('./SearchPage')) },
    { path: '*', element: page(() => import('./NotFoundPage')) },
  ],
  icons: { home: IconHome, sitemap: IconSitemap, settings: IconSettings, collab: IconAffiliate },
};
