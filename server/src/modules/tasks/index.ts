import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import { moduleDir } from '../../platform/paths.js';
import { tasksEvents } from '@vavilon/contracts';
import './schema.js';
import { tasksMigrations } from './migrations/index.js';
import { tasksMessages } from './messages.js';
import { tasksAccess, tasksRealtime } from './access.js';
import { taskRoutes } from './routes.js';
import { signalRoutes } from './signals/routes.js';
import { linkedTasks } from './signals/crm-links.js';
import { tasksNotificationRules } from './signals/notifications.js';
import { deadlineJob, deadlineScheduler } from './signals/deadlines.js';
import { reminderJob } from './signals/reminders.js';
import { seedDemoTasks } from './demo.js';
import { commentCounter, describeTasks } from './signals/comments.js';
import { taskCardRoutes } from './card/routes.js';
import { registerResultCheck } from './card/results.js';
import { taskCardEvents } from '@vavilon/contracts';

function routes(app: FastifyInstance): void {
  taskRoutes(app);
  signalRoutes(app);
  taskCardRoutes(app);
}

registerResultCheck();

/** Tasks and projects («Задачи и проекты»): the task card, its views, templates and reports. */
export const tasksModule: PortalModule = {
  name: 'tasks',
  events: { ...tasksEvents, ...taskCardEvents },
  messages: tasksMessages,
  migrations: tasksMigrations,
  help: { moduleIds: ['tasks'], dir: moduleDir('tasks') + '/help' },
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
  demo: seedDemoTasks,
  notifications: tasksNotificationRules,
  processors: () => [deadlineScheduler(), commentCounter()],
  describe: { task: describeTasks },
  commentable: ['task'],
  linkedTo: linkedTasks,
  jobs: (platform) => ({ 'tasks.deadline': deadlineJob(platform), 'tasks.reminder': reminderJob(platform) }),
};
