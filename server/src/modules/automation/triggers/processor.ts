import type { EventDef } from '@vavilon/contracts';
import { defineProcessor, processorCtx, type EventProcessor, type ProcessorTx } from '../../../platform/events/processors.js';
import type { DomainEvent } from '../../../platform/events/outbox.js';
import type { Platform } from '../../../platform/platform.js';
import { scoped } from '../../../platform/db/scoped.js';
import { toLoaded } from '../rules/store.js';
import { DealCache, parsedRules, type Firing } from './def.js';
import { triggerDefs } from './index.js';
import { applyFirings } from './moves.js';

/**
 * The triggers' consumer of the outbox: for each batch, per portal, the triggers each event
 * fires and the deals they move. Its cursor and the run rows' unique key make each firing
 * happen once, with several processes and after a crash alike.
 */
export function triggersProcessor(platform: Platform): EventProcessor {
  const events = [...new Map(triggerDefs.flatMap((d) => d.events).map((e) => [e.name, e])).values()];
  const handle = async (batch: DomainEvent[], tx: ProcessorTx) => {
    const byPortal = new Map<number, DomainEvent[]>();
    for (const e of batch) byPortal.set(e.portalId, [...(byPortal.get(e.portalId) ?? []), e]);
    for (const [portalId, list] of byPortal) {
      const portal = await platform.portals.byId(portalId, tx.db);
      if (portal) await handlePortal(processorCtx(tx, portal), list);
    }
  };
  return defineProcessor<EventDef>({
    name: 'automation.triggers',
    events,
    handle: (e, tx) => handle([e], tx),
    handleBatch: handle,
  });
}

async function handlePortal(ctx: ReturnType<typeof processorCtx>, events: DomainEvent[]): Promise<void> {
  const types = triggerDefs.map((d) => d.type);
  const rules = (await scoped(ctx).selectFrom('automation_rule').selectAll().where('kind', '=', 'trigger').where('type', 'in', types).orderBy('stage_id').orderBy('sort').orderBy('id').execute()).map(
    toLoaded,
  );
  if (!rules.length) return;
  const deals = new DealCache(ctx);
  const firings: Firing[] = [];
  for (const def of triggerDefs) {
    const own = parsedRules(
      def,
      rules.filter((r) => r.type === def.type),
    );
    if (!own.length) continue;
    const names = new Set(def.events.map((e) => e.name));
    const heard = events.filter((e) => names.has(e.type));
    if (heard.length) firings.push(...(await def.fire({ ctx, events: heard, rules: own, deals })));
  }
  await applyFirings(ctx, firings, deals);
}
