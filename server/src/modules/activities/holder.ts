import { activityEvents } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import type { ItemHolder } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { stillFree } from '../../platform/items/holders.js';
import { eventOf, recordEvents } from '../../platform/events/outbox.js';
import { ENTITY_TYPES, type EntityType } from '../crm/api.js';
import type { CrmActivityTable } from './schema.js';

type ActivityRow = Selectable<CrmActivityTable>;

const chunks = <T>(list: T[], size = 500): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * The activities of a lead, deal, contact or company: they go to the trash with their owner
 * (whole rows, each one's deletion recorded) and come back with it under their own ids; a merge
 * hands them to the surviving item.
 */
export const activityHolder: ItemHolder = {
  name: 'activities',
  kinds: ENTITY_TYPES,
  async detach(ctx, type, ids) {
    const kind = type as EntityType;
    const out: Record<number, ActivityRow[]> = {};
    for (const part of chunks(ids)) {
      const rows = await scoped(ctx).selectFrom('crm_activity').selectAll().where('owner_type', '=', kind).where('owner_id', 'in', part).orderBy('id').execute();
      if (!rows.length) continue;
      await scoped(ctx).deleteFrom('crm_activity').where('owner_type', '=', kind).where('owner_id', 'in', part).execute();
      for (const r of rows) (out[r.owner_id] ??= []).push(r);
      await recordEvents(
        ctx,
        rows.map((r) => eventOf(activityEvents.deleted, { entityType: 'activity', entityId: r.id, payload: { type: r.type, owner: { type: kind, id: r.owner_id }, responsibleId: r.responsible_id } })),
      );
    }
    return out;
  },
  async reattach(ctx, type, id, held) {
    const kind = type as EntityType;
    const rows = (held as ActivityRow[]).map(({ portal_id: _p, ...r }) => ({ ...r, owner_type: kind, owner_id: id }));
    if (!rows.length) return;
    const back = await stillFree(ctx, 'crm_activity', rows);
    for (const part of chunks(back)) await scoped(ctx).insertInto('crm_activity', part).execute();
    await recordEvents(
      ctx,
      back.map((r) => eventOf(activityEvents.updated, { entityType: 'activity', entityId: r.id, payload: { type: r.type, owner: { type: kind, id }, changes: [] } })),
    );
  },
  async move(ctx, type, fromIds, toId) {
    const kind = type as EntityType;
    const rows = await scoped(ctx).selectFrom('crm_activity').select(['id', 'type']).where('owner_type', '=', kind).where('owner_id', 'in', fromIds).execute();
    if (!rows.length) return;
    await scoped(ctx)
      .updateTable('crm_activity')
      .set((eb) => ({ owner_id: toId, version: eb('version', '+', 1) }))
      .where('owner_type', '=', kind)
      .where('owner_id', 'in', fromIds)
      .execute();
    await recordEvents(
      ctx,
      rows.map((r) => eventOf(activityEvents.updated, { entityType: 'activity', entityId: r.id, payload: { type: r.type, owner: { type: kind, id: toId }, changes: ['owner'] } })),
    );
  },
};
