import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import { taskTemplateEvents, tasksEvents } from '@vavilon/contracts';
import './schema.js';
import { tasksMigrations } from './migrations/index.js';
import { tasksMessages } from './messages.js';
import { tasksAccess, tasksRealtime } from './access.js';
import { taskRoutes } from './routes.js';
import { signalRoutes } from './signals/routes.js';
import { tasksNotificationRules } from './signals/notifications.js';
import { deadlineJob, deadlineScheduler } from './signals/deadlines.js';
import { reminderJob } from './signals/reminders.js';
import { seedDemoTasks } from './demo.js';
import { commentCounter, describeTasks } from './signals/comments.js';
import { templateRoutes } from './templates/routes.js';
import { templateRunJob, TEMPLATE_RUN_JOB } from './templates/service.js';
import { reportRoutes } from './reports/routes.js';

function routes(app: FastifyInstance): void {
  taskRoutes(app);
  signalRoutes(app);
  templateRoutes(app);
  reportRoutes(app);
}

/** Tasks and projects («Задачи и проекты»): the task card, its views, templates and reports. */
export const tasksModule: PortalModule = {
  name: 'tasks',
  events: { ...tasksEvents, ...taskTemplateEvents },
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
  demo: seedDemoTasks,
  notifications: tasksNotificationRules,
  processors: () => [deadlineScheduler(), commentCounter()],
  describe: { task: describeTasks },
  commentable: ['task'],
  jobs: (platform) => ({ 'tasks.deadline': deadlineJob(platform), 'tasks.reminder': reminderJob(platform), [TEMPLATE_RUN_JOB]: templateRunJob(platform) }),
};
