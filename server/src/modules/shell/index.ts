import type { PortalModule } from '../../platform/registry/registry.js';
import { moduleDir } from '../../platform/paths.js';
import { shellRoutes } from './routes.js';

export const shellModule: PortalModule = {
  name: 'shell',
  help: { moduleIds: ['portal', 'home', 'sitemap', 'search', 'menu'], dir: moduleDir('shell') + '/help' },
  menu: [
    {
      id: 'home', title: { ru: 'Главная', en: 'Home' }, path: '/', icon: 'home', order: 0, section: 'portal',
      description: { ru: 'Стартовая страница портала', en: 'The portal start page' },
    },
    {
      id: 'sitemap', title: { ru: 'Карта сайта', en: 'Site map' }, path: '/sitemap', icon: 'sitemap', order: 10_000, section: 'portal',
      description: { ru: 'Полный список инструментов портала', en: 'The full list of the portal tools' },
    },
  ],
  routes: shellRoutes,
};
