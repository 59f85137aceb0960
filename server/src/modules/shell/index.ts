import type { PortalModule } from '../../platform/registry/registry.js';
import { moduleDir } from '../../platform/paths.js';
import { shellRoutes } from './routes.js';

export const shellModule: PortalModule = {
  name: 'shell',
  help: { moduleIds: ['portal', 'home', 'sitemap', 'search', 'menu'], dir: moduleDir('shell') + '/help' },
  // The shelves many modules share: the portal itself, «Совместная работа» (feed, tasks, calendar...), settings.
  siteMapSections: [
    { id: 'portal', title: { ru: 'Портал', en: 'Portal' }, order: 0 },
    { id: 'collab', title: { ru: 'Совместная работа', en: 'Collaboration' }, order: 20 },
    { id: 'settings', title: { ru: 'Настройки', en: 'Settings' }, order: 1000 },
  ],
  menuGroups: [{ id: 'collab', title: { ru: 'Совместная работа', en: 'Collaboration' }, icon: 'collab' }],
  menu: [
    {
      id: 'home',
      title: { ru: 'Главная', en: 'Home' },
      path: '/',
      icon: 'home',
      order: 0,
      section: 'portal',
      description: { ru: 'Стартовая страница портала', en: 'The portal start page' },
    },
    {
      id: 'sitemap',
      title: { ru: 'Карта сайта', en: 'Site map' },
      path: '/sitemap',
      icon: 'sitemap',
      order: 10_000,
      section: 'portal',
      description: { ru: 'Полный список инструментов портала', en: 'The full list of the portal tools' },
    },
  ],
  routes: shellRoutes,
};
