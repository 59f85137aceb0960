import { commentsEvents, type EventDef } from '@vavilon/contracts';
import { systemCtx, transaction, type Ctx } from '../../platform/context.js';
import { defineProcessor, processorCtx, type EventProcessor, type ProcessorTx } from '../../platform/events/processors.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import type { Job, JobHandler } from '../../platform/jobs/jobs.js';
import type { Platform } from '../../platform/platform.js';
import type { SearchKind } from '../../platform/registry/registry.js';
import { engineFor } from './engine.js';
import { prepare } from './terms.js';

export const REBUILD_JOB = 'search.rebuild';
/** Items read and written per step of a rebuild, each step one transaction. */
const REBUILD_BATCH = 1000;

/** Brings the index of `ids` of `kind` up to date with what the module says of them now. */
export async function reindex(ctx: Ctx, kind: SearchKind, ids: number[]): Promise<void> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  for (let i = 0; i < unique.length; i += REBUILD_BATCH) {
    const chunk = unique.slice(i, i + REBUILD_BATCH);
    const docs = await kind.documents(ctx, chunk);
    await engineFor(ctx.sys.dialect).replace(ctx, kind.kind, chunk, docs.filter((d) => chunk.includes(d.id)).map(prepare));
  }
}

const commentDefs: readonly EventDef[] = [commentsEvents.commentCreated, commentsEvents.commentUpdated, commentsEvents.commentDeleted];

/** The items of each kind that the events change, by portal. */
async function touched(ctx: (portalId: number) => Ctx, kinds: SearchKind[], events: DomainEvent[]): Promise<Map<number, Map<SearchKind, Set<number>>>> {
  const byType = new Map(kinds.map((k) => [k.entityType, k]));
  const out = new Map<number, Map<SearchKind, Set<number>>>();
  const add = (portalId: number, kind: SearchKind, ids: number[]) => {
    const p = out.get(portalId) ?? new Map<SearchKind, Set<number>>();
    out.set(portalId, p);
    const s = p.get(kind) ?? new Set<number>();
    p.set(kind, s);
    for (const id of ids) s.add(id);
  };
  for (const e of events) {
    const own = byType.get(e.entityType);
    if (own) add(e.portalId, own, [Number(e.entityId)]);
    // A comment is part of its item's text.
    if (commentDefs.some((d) => d.name === e.type)) {
      const p = e.payload as { itemType?: string; itemId?: number | string };
      const item = p.itemType ? byType.get(p.itemType) : undefined;
      if (item) add(e.portalId, item, [Number(p.itemId)]);
    }
    for (const k of kinds) {
      if (k.touchedBy?.events.some((d) => d.name === e.type)) add(e.portalId, k, await k.touchedBy.ids(ctx(e.portalId), e));
    }
  }
  return out;
}

async function handle(kinds: SearchKind[], events: DomainEvent[], tx: ProcessorTx): Promise<void> {
  const ctxOf = (portalId: number) => processorCtx(tx, { id: portalId, name: '', title: '' });
  for (const [portalId, byKind] of await touched(ctxOf, kinds, events)) {
    for (const [kind, ids] of byKind) await reindex(ctxOf(portalId), kind, [...ids]);
  }
}

/**
 * Feeds the index from the events outbox: each write's items are indexed again after it
 * commits, never on the request path; indexing the same item twice gives the same rows.
 */
export function indexProcessor(platform: Platform): EventProcessor {
  const kinds = () => platform.registry.searchKinds();
  return defineProcessor({
    name: 'search.index',
    handle: (e, tx) => handle(kinds(), [e as DomainEvent], tx),
    handleBatch: (events, tx) => handle(kinds(), events as DomainEvent[], tx),
  });
}

/**
 * Builds a portal's index anew, kind after kind, a batch per transaction: `kinds` names some
 * (all when empty). The old rows of a kind go first, so what has left the module leaves the index.
 */
export async function rebuildPortal(ctx: Ctx, kindNames: string[] = [], onProgress?: (kind: string, done: number) => void): Promise<number> {
  const kinds = ctx.sys.registry.searchKinds().filter((k) => !kindNames.length || kindNames.includes(k.kind));
  let total = 0;
  for (const kind of kinds) {
    await transaction(ctx, (tx) => engineFor(ctx.sys.dialect).clear(tx, kind.kind));
    let after = 0;
    let done = 0;
    for (;;) {
      const step = await transaction(ctx, async (tx) => {
        const ids = await kind.ids(tx, after, REBUILD_BATCH);
        if (!ids.length) return null;
        await reindex(tx, kind, ids);
        return { last: ids[ids.length - 1]!, n: ids.length };
      });
      if (!step) break;
      after = step.last;
      done += step.n;
      onProgress?.(kind.kind, done);
    }
    total += done;
  }
  return total;
}

/** The durable job of a rebuild (a new install's migration schedules one per portal). */
export function rebuildJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    const ctx = systemCtx(platform, portal, { requestId: `search-rebuild-${job.id}` });
    const kinds = Array.isArray(job.payload.kinds) ? (job.payload.kinds as string[]) : [];
    await rebuildPortal(ctx, kinds);
  };
}
