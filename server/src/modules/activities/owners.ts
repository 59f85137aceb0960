import { activityEvents, crmEvents } from '@vavilon/contracts';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import { scoped } from '../../platform/db/scoped.js';
import { eventOf, recordEvents } from '../../platform/events/outbox.js';
import { isCrmType } from './access.js';

/** A deleted lead, deal, contact or company takes its activities with it (each one's deletion recorded). */
export function ownerCleanup(): EventProcessor {
  return defineProcessor({
    name: 'activities.owners',
    events: [crmEvents.dealDeleted, crmEvents.leadDeleted, crmEvents.contactDeleted, crmEvents.companyDeleted],
    async handle(e, tx) {
      if (!isCrmType(e.entityType)) return;
      const ctx = processorCtx(tx, { id: e.portalId, name: '', title: '' });
      const ownerId = Number(e.entityId);
      const rows = await scoped(ctx).selectFrom('crm_activity').select(['id', 'type', 'responsible_id']).where('owner_type', '=', e.entityType).where('owner_id', '=', ownerId).execute();
      if (!rows.length) return;
      await scoped(ctx).deleteFrom('crm_activity').where('owner_type', '=', e.entityType).where('owner_id', '=', ownerId).execute();
      const owner = { type: e.entityType, id: ownerId };
      await recordEvents(
        ctx,
        rows.map((r) => eventOf(activityEvents.deleted, { entityType: 'activity', entityId: r.id, payload: { type: r.type, owner, responsibleId: r.responsible_id } })),
      );
    },
  });
}
