import type { ProcessorFailure } from '@vavilon/contracts';
import type { Ctx } from '../context.js';
import { nowIso } from '../db/database.js';
import { scoped } from '../db/scoped.js';
import { errors } from '../errors.js';

/** The portal's failed events, newest first; `processor` narrows them to one processor. */
export async function listFailures(ctx: Ctx, q: { page: number; pageSize: number; processor?: string }): Promise<{ items: ProcessorFailure[]; total: number; page: number; pageSize: number }> {
  let base = scoped(ctx).selectFrom('processor_failure');
  if (q.processor) base = base.where('processor', '=', q.processor);
  const [rows, count] = await Promise.all([
    base
      .leftJoin('domain_event', 'domain_event.id', 'processor_failure.event_id')
      .select([
        'processor_failure.id',
        'processor_failure.processor',
        'processor_failure.event_id',
        'processor_failure.event_type',
        'processor_failure.attempts',
        'processor_failure.last_error',
        'processor_failure.status',
        'processor_failure.next_attempt_at',
        'processor_failure.created_at',
        'processor_failure.updated_at',
        'domain_event.entity_type',
        'domain_event.entity_id',
      ])
      .orderBy('processor_failure.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      processor: r.processor,
      eventId: Number(r.event_id),
      eventType: r.event_type,
      entityType: r.entity_type ?? null,
      entityId: r.entity_id ?? null,
      attempts: r.attempts,
      lastError: r.last_error,
      status: r.status,
      nextAttemptAt: r.next_attempt_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    total: Number(count?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Asks for another try of one failure at once (the processor's next round takes it). */
export async function retryFailure(ctx: Ctx, id: number): Promise<number> {
  const res = await scoped(ctx).updateTable('processor_failure').set({ status: 'retrying', next_attempt_at: nowIso(), updated_at: nowIso() }).where('id', '=', id).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.notFound();
  return 1;
}

/** Another try for every failure of one processor in this portal. */
export async function retryProcessorFailures(ctx: Ctx, processor: string): Promise<number> {
  const res = await scoped(ctx).updateTable('processor_failure').set({ status: 'retrying', next_attempt_at: nowIso(), updated_at: nowIso() }).where('processor', '=', processor).executeTakeFirst();
  return Number(res.numUpdatedRows);
}
