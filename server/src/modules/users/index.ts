import type { PortalModule } from '../../platform/registry/registry.js';
import { seedDemoPeople } from './demo.js';
import { usersNotificationRules } from './notifications.js';
import { usersMessages } from './messages.js';
import { moduleDir } from '../../platform/paths.js';
import { userRoutes } from './routes.js';
import { isPhotoFile } from './photo.js';
import * as repo from './repository.js';
import { toSummary } from './mapping.js';
import { scoped } from '../../platform/db/scoped.js';
import type { Ctx } from '../../platform/context.js';

async function exists(ctx: Ctx, table: 'app_user' | 'department', id: string): Promise<boolean> {
  if (!/^[1-9]\d{0,8}$/.test(id)) return false;
  return !!(await scoped(ctx).selectFrom(table).select('id').where('id', '=', Number(id)).executeTakeFirst());
}

export const usersModule: PortalModule = {
  name: 'users',
  messages: usersMessages,
  help: { moduleIds: ['company', 'profile'], dir: moduleDir('users') + '/help' },
  siteMapSections: [{ id: 'company', title: { ru: 'Компания', en: 'Company' }, order: 10 }],
  menu: [
    {
      id: 'company', title: { ru: 'Сотрудники', en: 'Employees' }, path: '/company', icon: 'users', order: 80, section: 'company',
      description: { ru: 'Справочник сотрудников: контакты, должности, отделы', en: 'Employee directory: contacts, positions, departments' },
    },
    {
      id: 'structure', title: { ru: 'Структура компании', en: 'Company structure' }, path: '/company/structure', icon: 'structure', order: 81, section: 'company',
      description: { ru: 'Отделы, их руководители и сотрудники', en: 'Departments, their heads and employees' },
    },
  ],
  search: [
    {
      kind: 'employees',
      title: { ru: 'Сотрудники', en: 'Employees' },
      async search(ctx, query, limit) {
        const { rows } = await repo.listUsers(ctx, { search: query, statuses: ['active'], page: 1, pageSize: limit });
        return rows.map(toSummary).map((u) => ({
          id: String(u.id),
          title: u.fullName,
          subtitle: [u.position, u.departmentName].filter(Boolean).join(' · ') || null,
          url: `/company/personal/user/${u.id}`,
        }));
      },
    },
  ],
  fileAccess: isPhotoFile,
  routes: userRoutes,
  // Only items of this portal have a history here: another portal's ids are "not found".
  historyAccess: {
    user: async (ctx, id) => (ctx.actor?.role === 'admin' || String(ctx.actor?.userId) === id) && (await exists(ctx, 'app_user', id)),
    department: async (ctx, id) => ctx.actor?.role === 'admin' && (await exists(ctx, 'department', id)),
  },
  demo: seedDemoPeople,
  notifications: usersNotificationRules,
};
