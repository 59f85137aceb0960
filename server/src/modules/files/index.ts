import type { PortalModule } from '../../platform/registry/registry.js';
import { filesMessages } from './messages.js';
import { fileRoutes } from './routes.js';
import { filesMigrations } from './migrations/index.js';
import { readableFiles } from './service.js';
import { filesEvents } from '@vavilon/contracts';
import { fileLinkHolder } from './holder.js';
import './schema.js';
import { PREVIEW_JOB, previewJob, previewScheduler } from './previews.js';
import { TEXT_JOB, textJob, textScheduler } from './extract.js';

/** The portal's file store: uploads, downloads, previews, and rights asked of the modules that refer to files. */
export const filesModule: PortalModule = {
  name: 'files',
  events: filesEvents,
  messages: filesMessages,
  migrations: filesMigrations,
  routes: (app, platform) => fileRoutes(app, platform),
  access: { file: { table: 'file', read: readableFiles } },
  holders: [fileLinkHolder],
  processors: () => [previewScheduler(), textScheduler()],
  jobs: (platform) => ({ [PREVIEW_JOB]: previewJob(platform), [TEXT_JOB]: textJob(platform) }),
};
