import type { PortalModule } from '../../platform/registry/registry.js';
import { seedDemoPeople } from './demo.js';
import { newEmployeesFeed, usersNotificationRules } from './notifications.js';
import { usersMessages } from './messages.js';
import { moduleDir } from '../../platform/paths.js';
import { userRoutes } from './routes.js';
import { employeesSearch } from './search.js';
import { usersEvents } from '@vavilon/contracts';

export const usersModule: PortalModule = {
  name: 'users',
  events: usersEvents,
  feedSources: [newEmployeesFeed],
  messages: usersMessages,
  help: { moduleIds: ['company', 'profile'], dir: moduleDir('users') + '/help' },
  siteMapSections: [{ id: 'company', title: { ru: 'Компания', en: 'Company' }, order: 10 }],
  menu: [
    {
      id: 'company',
      title: { ru: 'Сотрудники', en: 'Employees' },
      path: '/company',
      icon: 'users',
      order: 80,
      section: 'company',
      description: { ru: 'Справочник сотрудников: контакты, должности, отделы', en: 'Employee directory: contacts, positions, departments' },
    },
    {
      id: 'structure',
      title: { ru: 'Структура компании', en: 'Company structure' },
      path: '/company/structure',
      icon: 'structure',
      order: 81,
      section: 'company',
      description: { ru: 'Отделы, их руководители и сотрудники', en: 'Departments, their heads and employees' },
    },
  ],
  searchKinds: [employeesSearch],
  routes: userRoutes,
  // Everyone of the portal sees its employees (and their photos) and departments; a user's history
  // is theirs and the administrators', a department's the administrators' only.
  access: {
    user: {
      table: 'app_user',
      read: async (_ctx, ids) => ids,
      history: async (ctx, ids) => ids.filter((id) => id === ctx.actor?.userId),
    },
    department: { table: 'department', read: async (_ctx, ids) => ids, history: async () => [] },
  },
  demo: seedDemoPeople,
  notifications: usersNotificationRules,
  realtime: { user: 'portal', department: 'portal' },
};
