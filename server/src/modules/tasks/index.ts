import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import { moduleDir } from '../../platform/paths.js';
import { scrumEvents, taskPlanEvents, taskTemplateEvents, tasksEvents } from '@vavilon/contracts';
import './schema.js';
import { tasksMigrations } from './migrations/index.js';
import { tasksMessages } from './messages.js';
import { tasksAccess, tasksRealtime } from './access.js';
import { taskRoutes } from './routes.js';
import { menuCounter } from './lists/counters.js';
import { taskListRoutes } from './lists/routes.js';
import { taskProfileLink, taskSearch } from './lists/search.js';
import { signalRoutes } from './signals/routes.js';
import { linkedTasks } from './signals/crm-links.js';
import { tasksNotificationRules } from './signals/notifications.js';
import { deadlineJob, deadlineScheduler } from './signals/deadlines.js';
import { reminderJob } from './signals/reminders.js';
import { seedDemoTasks } from './demo.js';
import { scrumRoutes } from './scrum/routes.js';
import { scrumAccess, scrumRealtime } from './scrum/access.js';
import { commentCounter, describeTasks, taskAuthors } from './signals/comments.js';
import { ganttRoutes } from './gantt/routes.js';
import { boardRoutes } from './boards/routes.js';
import { boardsRealtime } from './boards/realtime.js';
import { taskCardRoutes } from './card/routes.js';
import { registerResultCheck } from './card/results.js';
import { taskCardEvents } from '@vavilon/contracts';
import { templateRoutes } from './templates/routes.js';
import { templateRunJob, TEMPLATE_RUN_JOB } from './templates/service.js';
import { taskLinkHolder } from './signals/crm-holder.js';
import { reportRoutes } from './reports/routes.js';
import { registerTaskCalendarLayers } from './signals/calendar-layer.js';

function routes(app: FastifyInstance): void {
  taskRoutes(app);
  taskListRoutes(app);
  signalRoutes(app);
  ganttRoutes(app);
  boardRoutes(app);
  scrumRoutes(app);
  taskCardRoutes(app);
  templateRoutes(app);
  reportRoutes(app);
}

registerResultCheck();
registerTaskCalendarLayers();

/** Tasks and projects («Задачи и проекты»): the task card, its views, templates and reports. */
export const tasksModule: PortalModule = {
  name: 'tasks',
  events: { ...tasksEvents, ...taskCardEvents, ...taskPlanEvents, ...scrumEvents, ...taskTemplateEvents },
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
      counter: menuCounter,
    },
  ],
  access: { ...tasksAccess, ...scrumAccess },
  realtime: { ...tasksRealtime, ...boardsRealtime, ...scrumRealtime },
  searchKinds: [taskSearch],
  profileLinks: [taskProfileLink],
  routes,
  demo: seedDemoTasks,
  notifications: tasksNotificationRules,
  processors: () => [deadlineScheduler(), commentCounter()],
  describe: { task: describeTasks },
  commentable: ['task'],
  reactable: ['task'],
  authorOf: { task: taskAuthors },
  holders: [taskLinkHolder],
  linkedTo: linkedTasks,
  jobs: (platform) => ({ 'tasks.deadline': deadlineJob(platform), 'tasks.reminder': reminderJob(platform), [TEMPLATE_RUN_JOB]: templateRunJob(platform) }),
};
