import { driveEvents } from '@vavilon/contracts';
import type { ItemDescriber, PortalModule } from '../../platform/registry/registry.js';
import { moduleDir } from '../../platform/paths.js';
import { scoped } from '../../platform/db/scoped.js';
import './schema.js';
import { driveMigrations } from './migrations/index.js';
import { driveMessages } from './messages.js';
import { driveAccess, driveRealtime } from './access.js';
import { driveRoutes } from './routes.js';
import { driveSearchKind, itemUrl } from './search.js';
import { PURGE_JOB, purgeJob } from './trash.js';
import { driveNotificationRules } from './signals.js';
import { seedDemoDrive } from './demo.js';
import { keepAttachments } from './attachments.js';
import { EXPIRE_JOB, expireUploadJob } from './uploads.js';

const describeItems: ItemDescriber = async (ctx, ids) => {
  const rows = await scoped(ctx).selectFrom('drive_item').select(['id', 'name', 'kind', 'parent_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { title: r.name, url: itemUrl(r) }]));
};

/** «Диск»: «Мой диск», «Общий диск» and group drives: folders, resumable uploads, versions, trash, shares and public links. */
export const driveModule: PortalModule = {
  name: 'drive',
  events: driveEvents,
  messages: driveMessages,
  migrations: driveMigrations,
  help: { moduleIds: ['drive'], dir: moduleDir('drive') + '/help' },
  menu: [
    {
      id: 'drive',
      title: { ru: 'Диск', en: 'Drive' },
      path: '/drive',
      icon: 'drive',
      order: 50,
      section: 'collab',
      description: {
        ru: 'Мой диск, общий диск компании и диски групп: файлы, версии, доступ и публичные ссылки',
        en: 'My drive, the company drive and group drives: files, versions, sharing and public links',
      },
    },
  ],
  access: driveAccess,
  realtime: driveRealtime,
  searchKinds: [driveSearchKind],
  profileLinks: [{ id: 'drive', title: { ru: 'Диск', en: 'Drive' }, url: (userId) => `/drive/user/${userId}` }],
  describe: { drive_item: describeItems },
  routes: (app, platform) => driveRoutes(app, platform),
  notifications: driveNotificationRules,
  jobs: (platform) => ({ [PURGE_JOB]: purgeJob(platform), [EXPIRE_JOB]: expireUploadJob(platform) }),
  processors: () => [keepAttachments()],
  demo: seedDemoDrive,
};
