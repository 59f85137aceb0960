import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdValue } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import type { Platform } from '../../platform/platform.js';
import type { EventProcessor } from '../../platform/events/processors.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { insertRows } from '../../platform/db/bulk.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { requireAccess } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';

/** The history rows of one event: one per changed field, or one for the event itself. */
interface HistoryRow {
  portal_id: number;
  entity_type: string;
  entity_id: string;
  event_id: number;
  actor_id: number | null;
  action: string;
  created_at: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
}

function historyRows(event: DomainEvent): HistoryRow[] {
  if (event.entityType === 'notification') return [];
  const base = {
    portal_id: event.portalId,
    entity_type: event.entityType,
    entity_id: event.entityId,
    event_id: event.id,
    actor_id: event.actorId,
    action: event.type,
    created_at: event.createdAt,
  };
  const changes = event.changes;
  return changes.length ? changes.map((c) => ({ ...base, field: c.field, old_value: stringify(c.old), new_value: stringify(c.new) })) : [{ ...base, field: null, old_value: null, new_value: null }];
}

/** Rows per INSERT: 10 columns each, well under SQLite's 32,766 bound parameters. */
const HISTORY_CHUNK = 1000;
const HISTORY_COLUMNS: (keyof HistoryRow)[] = ['portal_id', 'entity_type', 'entity_id', 'event_id', 'actor_id', 'action', 'created_at', 'field', 'old_value', 'new_value'];

/** Every recorded change becomes the item's history: who, when, field, old → new. */
function historyProcessor(): EventProcessor {
  return {
    name: 'history',
    async handle(event, tx) {
      const rows = historyRows(event);
      // eslint-disable-next-line portal/scoped-tables -- each row names the portal of its event (a batch may span portals)
      if (rows.length) await tx.db.insertInto('history').values(rows).execute();
    },
    // A bulk write (an import) leaves thousands of events: their history goes in a few multi-row inserts.
    async handleBatch(events, tx) {
      // The rows of historyRows(), built straight as value lists (an import leaves a million of them).
      const rows: unknown[][] = [];
      for (const e of events) {
        if (e.entityType === 'notification') continue;
        const changes = e.changes;
        if (!changes.length) rows.push([e.portalId, e.entityType, e.entityId, e.id, e.actorId, e.type, e.createdAt, null, null, null]);
        for (const c of changes) rows.push([e.portalId, e.entityType, e.entityId, e.id, e.actorId, e.type, e.createdAt, c.field, stringify(c.old), stringify(c.new)]);
      }
      for (let i = 0; i < rows.length; i += HISTORY_CHUNK) await insertRows(tx, 'history', HISTORY_COLUMNS, rows.slice(i, i + HISTORY_CHUNK));
    },
  };
}

function stringify(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export const HistoryEntry = z.object({
  id: z.number().int(),
  action: z.string(),
  field: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actorId: z.number().int().nullable(),
  createdAt: z.string(),
});

/**
 * Who may read an item's history is the owning module's call (`checkAccess(history)`, which is
 * its `read` unless it registered a `history` checker). Types no module registers are readable by
 * administrators only (an event of such a type still leaves a history).
 */
export async function readHistory(platform: Platform, ctx: Ctx, entityType: string, entityId: string) {
  if (platform.registry.entityAccess(entityType)) await requireAccess(ctx, 'history', entityType, [entityId]);
  else if (ctx.actor?.role !== 'admin') throw errors.notFound();
  const rows = await scoped(ctx).selectFrom('history').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('id', 'desc').limit(200).execute();
  return rows.map((r) => ({ id: Number(r.id), action: r.action, field: r.field, oldValue: r.old_value, newValue: r.new_value, actorId: r.actor_id, createdAt: r.created_at }));
}

function historyRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/history/:entityType/:entityId',
    {
      config: { policy: 'member' },
      schema: { params: z.object({ entityType: z.string().max(100), entityId: IdValue }), response: { 200: z.object({ items: z.array(HistoryEntry) }) } },
    },
    async (req) => ({ items: await readHistory(platform, req.ctx, req.params.entityType, String(req.params.entityId)) }),
  );
}

export const historyModule: PortalModule = {
  name: 'history',
  processors: () => [historyProcessor()],
  routes: historyRoutes,
};
