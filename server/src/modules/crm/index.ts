import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import type { Platform } from '../../platform/platform.js';
import { moduleDir } from '../../platform/paths.js';
import './schema.js';
import { pipelineRoutes } from './pipelines/routes.js';
import { dealRoutes } from './deals/routes.js';
import { clientRoutes } from './clients/routes.js';
import { timelineRoutes } from './timeline/routes.js';
import { adminRoutes } from './admin/routes.js';
import { transferRoutes } from './transfer/routes.js';
import { importJob } from './transfer/import-job.js';
import { provisionCrm } from './pipelines/defaults.js';
import { crmSearch } from './search.js';
import { allowed } from './rights.js';
import type { EntityType } from './schema.js';
import { specOf } from './specs.js';
import { scoped } from '../../platform/db/scoped.js';
import type { Ctx } from '../../platform/context.js';
import { ENTITY_TYPES } from './rights.js';
import { fieldDefs } from './fields.js';
import { parseJson } from './values.js';

async function canReadItem(ctx: Ctx, entity: EntityType, id: string): Promise<boolean> {
  if (!/^\d+$/.test(id)) return false;
  const row = await scoped(ctx).selectFrom(specOf(entity).table).select('responsible_id').where('id', '=', Number(id)).executeTakeFirst();
  return !!row && (await allowed(ctx, entity, 'read', row.responsible_id));
}

/** LIKE patterns that find a number inside stored JSON (`[7]`, `[7,`, `,7,`, `,7]`, `:7,`, `:7}`); rows are checked exactly after. */
function jsonNumberPatterns(n: number): string[] {
  return [`%[${n}]%`, `%[${n},%`, `%,${n},%`, `%,${n}]%`, `%:${n},%`, `%:${n}}%`];
}

const idsIn = (v: unknown): unknown[] => ([] as unknown[]).concat(v ?? []);

/**
 * A portal file is readable through the CRM when a comment or a `file` custom field of an item
 * the actor may read refers to it (and, for a field, the actor may read that field).
 */
async function canReadFile(ctx: Ctx, fileId: number): Promise<boolean> {
  const patterns = jsonNumberPatterns(fileId);
  const comments = await scoped(ctx)
    .selectFrom('crm_comment')
    .select(['entity_type', 'entity_id', 'files'])
    .where((eb) => eb.or(patterns.map((p) => eb('files', 'like', p))))
    .execute();
  for (const c of comments) {
    if (parseJson<unknown[]>(c.files, []).includes(fileId) && (await canReadItem(ctx, c.entity_type, String(c.entity_id)))) return true;
  }
  for (const entity of ENTITY_TYPES) {
    const defs = (await fieldDefs(ctx, entity)).filter((d) => d.type === 'file' && d.canRead);
    if (!defs.length) continue;
    const rows = await scoped(ctx)
      .selectFrom(specOf(entity).table)
      .select(['id', 'responsible_id', 'custom'])
      .where((eb) => eb.and([
        eb.or(defs.map((d) => eb('custom', 'like', `%"${d.code}":%`))),
        eb.or(patterns.map((p) => eb('custom', 'like', p))),
      ]))
      .execute();
    for (const r of rows) {
      const custom = parseJson<Record<string, unknown>>(r.custom, {});
      if (defs.some((d) => idsIn(custom[d.code]).includes(fileId)) && (await allowed(ctx, entity, 'read', r.responsible_id))) return true;
    }
  }
  return false;
}

function crmRoutes(app: FastifyInstance, platform: Platform): void {
  pipelineRoutes(app, platform);
  dealRoutes(app, platform);
  clientRoutes(app, platform);
  timelineRoutes(app, platform);
  adminRoutes(app, platform);
  transferRoutes(app, platform);
}

export const crmModule: PortalModule = {
  name: 'crm',
  help: { moduleIds: ['crm'], dir: moduleDir('crm') + '/help' },
  menu: [
    {
      id: 'crm', title: { ru: 'CRM', en: 'CRM' }, path: '/crm/deal', icon: 'crm', order: 50, section: 'crm',
      description: { ru: 'Сделки, лиды, контакты и компании', en: 'Deals, leads, contacts and companies' },
    },
  ],
  search: crmSearch,
  onPortalCreated: provisionCrm,
  historyAccess: {
    deal: (ctx, id) => canReadItem(ctx, 'deal', id),
    lead: (ctx, id) => canReadItem(ctx, 'lead', id),
    contact: (ctx, id) => canReadItem(ctx, 'contact', id),
    company: (ctx, id) => canReadItem(ctx, 'company', id),
  },
  fileAccess: canReadFile,
  routes: crmRoutes,
  jobs: (platform) => ({ 'crm.import': importJob(platform) }),
};
