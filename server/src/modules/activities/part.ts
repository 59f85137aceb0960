import type { FastifyInstance } from 'fastify';
import type { ModulePart } from '../../platform/registry/parts.js';
import type { ItemDescriber } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { activitiesMessages } from './messages.js';
import { activitiesAccess, activitiesRealtime } from './access.js';
import { activityRoutes } from './routes.js';
import { menuCounter } from './list.js';
import { reminderJob, activitiesNotificationRules } from './reminders.js';
import { REMINDER_JOB } from './service.js';
import { taskSync } from './task-sync.js';
import { ownerCleanup } from './owners.js';
import { linkedActivities } from './timeline.js';
import { seedDemoActivities } from './demo.js';
import { activityHolder } from './holder.js';
import { activitiesSearch } from './search.js';

/** An activity as other modules link to it (history, notifications): its subject, at its owner's card. */
const describeActivities: ItemDescriber = async (ctx, ids) => {
  const rows = await scoped(ctx).selectFrom('crm_activity').select(['id', 'subject', 'owner_type', 'owner_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { title: r.subject, url: `/crm/${r.owner_type}/details/${r.owner_id}` }]));
};

/** Activities: the API of «Мои дела», reminders, the menu counter, the items' timelines. */
export const activitiesPart: ModulePart = {
  messages: activitiesMessages,
  routes: (app: FastifyInstance) => activityRoutes(app),
  menu: [
    {
      id: 'crm.activity',
      title: { ru: 'Мои дела', en: 'My activities' },
      path: '/crm/activity',
      icon: 'activity',
      order: 51,
      section: 'crm',
      description: { ru: 'Звонки, встречи, письма и дела по сделкам, лидам, контактам и компаниям', en: 'Calls, meetings, e-mails and to-dos of deals, leads, contacts and companies' },
      counter: menuCounter,
    },
  ],
  access: activitiesAccess,
  realtime: activitiesRealtime,
  describe: { activity: describeActivities },
  linkedTo: linkedActivities,
  notifications: activitiesNotificationRules,
  processors: () => [taskSync(), ownerCleanup()],
  jobs: (platform) => ({ [REMINDER_JOB]: reminderJob(platform) }),
  demo: seedDemoActivities,
  holders: [activityHolder],
  searchKinds: [activitiesSearch],
};
