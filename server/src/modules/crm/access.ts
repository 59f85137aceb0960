import type { CrmAction } from '@vavilon/contracts';
import type { AccessChecker, AccessRegistrations } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import type { RealtimeAudience } from '../../platform/realtime/audience.js';
import { fieldDefs } from './fields.js';
import { ENTITY_TYPES, allowed, scopeTest } from './rights.js';
import type { EntityType } from './schema.js';
import { specOf } from './specs.js';

/** The items among `ids` whose responsible (a deal: in its pipeline) is within the actor's scope for `action` (their CRM role). */
function byRole(entity: EntityType, action: CrmAction): AccessChecker {
  return async (ctx, ids) => {
    const inScope = await scopeTest(ctx, entity, action);
    if (entity === 'deal') {
      const deals = await scoped(ctx).selectFrom('crm_deal').select(['id', 'responsible_id', 'pipeline_id']).where('id', 'in', ids).execute();
      return deals.filter((r) => inScope(r.responsible_id, r.pipeline_id)).map((r) => r.id);
    }
    const rows = await scoped(ctx).selectFrom(specOf(entity).table).select(['id', 'responsible_id']).where('id', 'in', ids).execute();
    return rows.filter((r) => inScope(r.responsible_id)).map((r) => r.id);
  };
}

/** The CRM's rights as batched checkers: read, edit («update») and delete of each item type by the actor's roles. */
export const crmAccess: AccessRegistrations = {
  ...Object.fromEntries(
    ENTITY_TYPES.map((entity) => [
      entity,
      {
        table: specOf(entity).table,
        read: byRole(entity, 'read'),
        update: byRole(entity, 'edit'),
        delete: byRole(entity, 'delete'),
        // A file custom field's files are readable by those who may read the field.
        readableField: async (ctx: Ctx, field: string) => (await fieldDefs(ctx, entity)).some((d) => d.code === field && d.canRead),
      },
    ]),
  ),
};

/** A deleted item is heard by those whose rights covered its responsible (a deal: in its pipeline; the event carries both). */
const gone = (entity: EntityType) => async (ctx: Ctx, e: DomainEvent) =>
  e.type.endsWith('.deleted') &&
  'responsibleId' in e.payload &&
  (await allowed(ctx, entity, 'read', (e.payload.responsibleId as number | null) ?? null, entity === 'deal' ? ((e.payload.pipelineId as number | null | undefined) ?? null) : undefined));

/**
 * Who hears the CRM's changes: an item's readers, the importer
 * their import; pipelines, stages, fields, layouts and roles shape every CRM page of the portal.
 */
export const crmRealtime: Record<string, RealtimeAudience> = {
  ...Object.fromEntries(ENTITY_TYPES.map((entity) => [entity, { gone: gone(entity) }])),
  'crm.import': { users: (e) => (e.actorId ? [e.actorId] : []) },
  pipeline: 'portal',
  stage: 'portal',
  'crm.field': 'portal',
  'crm.layout': 'portal',
  'crm.role': 'portal',
};
