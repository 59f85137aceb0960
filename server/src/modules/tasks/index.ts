import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import { tasksEvents } from '@vavilon/contracts';
import './schema.js';
import { tasksMigrations } from './migrations/index.js';
import { tasksMessages } from './messages.js';
import { tasksAccess, tasksRealtime } from './access.js';
import { taskRoutes } from './routes.js';
import { taskCardRoutes } from './card/routes.js';
import { registerResultCheck } from './card/results.js';
import { taskCardEvents } from '@vavilon/contracts';

function routes(app: FastifyInstance): void {
  taskRoutes(app);
  taskCardRoutes(app);
}

registerResultCheck();

/** Tasks and projects («Задачи и проекты»): the task card, its views, templates and reports. */
export const tasksModule: PortalModule = {
  name: 'tasks',
  events: { ...tasksEvents, ...taskCardEvents },
  messages: tasksMessages,
  migrations: tasksMigrations,
  siteMapSections: [{ id: 'tasks', title: { ru: 'Задачи и проекты', en: 'Tasks and projects' }, order: 20 }],
  menu: [
    {
      id: 'tasks',
      title: { ru: 'Задачи и проекты', en: 'Tasks and projects' },
      path: '/tasks',
      icon: 'tasks',
      order: 40,
      section: 'tasks',
      description: { ru: 'Задачи, сроки, проекты, Гант и Скрам', en: 'Tasks, deadlines, projects, Gantt and Scrum' },
    },
  ],
  access: tasksAccess,
  realtime: tasksRealtime,
  routes,
};
