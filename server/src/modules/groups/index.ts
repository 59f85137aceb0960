import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import { groupsEvents } from '@vavilon/contracts';
import './schema.js';
import { groupsMigrations } from './migrations/index.js';
import { groupsMessages } from './messages.js';
import { groupsAccess, groupsRealtime } from './access.js';
import { groupRoutes } from './routes.js';
import { groupActivityProcessor } from './activity.js';
import { groupsNotificationRules } from './notifications.js';
import { groupsSearch } from './search.js';
import { seedDemoGroups } from './demo.js';
import { groupRefs } from './api.js';

function routes(app: FastifyInstance): void {
  groupRoutes(app);
}

/** Work groups and projects («Группы»): members, invitations and join requests; other modules fill a group's tasks, feed, files and chat. */
export const groupsModule: PortalModule = {
  name: 'groups',
  events: groupsEvents,
  messages: groupsMessages,
  migrations: groupsMigrations,
  menu: [
    {
      id: 'groups',
      title: { ru: 'Группы', en: 'Groups' },
      path: '/groups',
      icon: 'groups',
      group: 'collab',
      order: 45,
      section: 'collab',
      description: { ru: 'Рабочие группы и проекты: участники, задачи, история', en: 'Work groups and projects: members, tasks, history' },
    },
  ],
  searchKinds: [groupsSearch],
  processors: (platform) => [groupActivityProcessor(platform)],
  notifications: groupsNotificationRules,
  access: groupsAccess,
  // How other modules name and link a group (rights are the caller's to check first).
  describe: {
    work_group: async (ctx, ids) => new Map([...(await groupRefs(ctx, ids))].map(([id, g]) => [id, { title: g.name, url: `/groups/${id}` }])),
  },
  realtime: groupsRealtime,
  routes,
  demo: seedDemoGroups,
};
