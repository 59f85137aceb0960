import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import { tasksEvents } from '@vavilon/contracts';
import './schema.js';
import { tasksMigrations } from './migrations/index.js';
import { tasksMessages } from './messages.js';
import { tasksAccess, tasksRealtime } from './access.js';
import { taskRoutes } from './routes.js';
import { menuCounter } from './lists/counters.js';
import { taskListRoutes } from './lists/routes.js';
import { taskProfileLink, taskSearch } from './lists/search.js';

function routes(app: FastifyInstance): void {
  taskRoutes(app);
  taskListRoutes(app);
}

/** Tasks and projects («Задачи и проекты»): the task card, its views, templates and reports. */
export const tasksModule: PortalModule = {
  name: 'tasks',
  events: tasksEvents,
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
      counter: menuCounter,
    },
  ],
  search: [taskSearch],
  profileLinks: [taskProfileLink],
  access: tasksAccess,
  realtime: tasksRealtime,
  routes,
};
