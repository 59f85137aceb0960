import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import { seedDemoCrm } from './demo.js';
import { crmMessages } from './messages.js';
import { moduleDir } from '../../platform/paths.js';
import './schema.js';
import { crmMigrations } from './migrations/index.js';
import { pipelineRoutes } from './pipelines/routes.js';
import { dealRoutes } from './deals/routes.js';
import { clientRoutes } from './clients/routes.js';
import { timelineRoutes } from './timeline/routes.js';
import { adminRoutes } from './admin/routes.js';
import { transferRoutes } from './transfer/routes.js';
import { importJob } from './transfer/import-job.js';
import { provisionCrm } from './pipelines/defaults.js';
import { crmSearchKinds } from './search.js';
import { crmAccess, crmRealtime } from './access.js';
import { crmDescribe } from './describe.js';
import { crmEvents } from '@vavilon/contracts';
import { ENTITY_TYPES } from './rights.js';
import { currencyEvents } from '@vavilon/contracts';
import { crmLinksHolder } from './trash/links-holder.js';
import { purgeJob, PURGE_JOB } from './trash/purge.js';
import { trashRoutes } from './trash/routes.js';
import { currencyMessages, currencyRealtime, currencyRoutes, provisionCurrencies } from './currencies/index.js';
import { duplicateKeysProcessor, duplicateRoutes, rebuildJob, REBUILD_JOB } from './duplicates/index.js';
import { mergeEvents } from '@vavilon/contracts';
import { mergeMessages } from './merge/messages.js';
import { mergeRoutes } from './merge/routes.js';

function crmRoutes(app: FastifyInstance): void {
  pipelineRoutes(app);
  dealRoutes(app);
  clientRoutes(app);
  timelineRoutes(app);
  adminRoutes(app);
  transferRoutes(app);
  currencyRoutes(app);
  duplicateRoutes(app);
  mergeRoutes(app);
  trashRoutes(app);
}

export const crmModule: PortalModule = {
  name: 'crm',
  events: { ...crmEvents, ...currencyEvents, ...mergeEvents },
  messages: { ru: { ...crmMessages.ru, ...currencyMessages.ru, ...mergeMessages.ru }, en: { ...crmMessages.en, ...currencyMessages.en, ...mergeMessages.en } },
  migrations: crmMigrations,
  help: { moduleIds: ['crm'], dir: moduleDir('crm') + '/help' },
  siteMapSections: [{ id: 'crm', title: { ru: 'CRM', en: 'CRM' }, order: 30 }],
  menu: [
    {
      id: 'crm',
      title: { ru: 'CRM', en: 'CRM' },
      path: '/crm/deal',
      icon: 'crm',
      order: 50,
      section: 'crm',
      description: { ru: 'Сделки, лиды, контакты и компании', en: 'Deals, leads, contacts and companies' },
    },
  ],
  searchKinds: crmSearchKinds,
  onPortalCreated: async (ctx) => {
    await provisionCrm(ctx);
    await provisionCurrencies(ctx);
  },
  access: crmAccess,
  realtime: { ...crmRealtime, ...currencyRealtime },
  describe: crmDescribe,
  commentable: [...ENTITY_TYPES],
  routes: crmRoutes,
  processors: () => [duplicateKeysProcessor()],
  jobs: (platform) => ({ 'crm.import': importJob(platform), [REBUILD_JOB]: rebuildJob(platform), [PURGE_JOB]: purgeJob(platform) }),
  holders: [crmLinksHolder],
  demo: seedDemoCrm,
};
