import { automationEvents, crmEvents } from '@vavilon/contracts';
import { defineProcessor, processorCtx, type EventProcessor, type ProcessorTx } from '../../../platform/events/processors.js';
import type { DomainEvent } from '../../../platform/events/outbox.js';
import type { Platform } from '../../../platform/platform.js';
import { scoped } from '../../../platform/db/scoped.js';
import { parseJson } from '../../crm/api.js';
import type { LoadedRule } from '../core/types.js';
import { robotDef } from '../robots/index.js';
import { toLoaded } from '../rules/store.js';
import { cancelOtherStages, EngineTx, openRuns, runNow, startEntry } from './runs.js';

type EngineEvent = DomainEvent<typeof crmEvents.dealCreated | typeof crmEvents.dealUpdated | typeof automationEvents.resultSet>;

/** What one event asks of the engine. */
interface Step {
  event: EngineEvent;
  dealId: number;
  /** The deal entered this stage. */
  entry: number | null;
  /** Fields set while the deal is in `stageId`. */
  fields: string[];
  stageId: number | null;
  /** The deal changed: its open runs are looked at (leaving a stage, waiting robots). */
  changed: boolean;
}

function stepOf(ev: EngineEvent): Step | null {
  if (ev.entityType !== 'deal') return null;
  const dealId = Number(ev.entityId);
  if (ev.type === 'crm.deal.created') return { event: ev, dealId, entry: ev.payload.stageId, fields: [], stageId: ev.payload.stageId, changed: false };
  if (ev.type === 'automation.result.set') return { event: ev, dealId, entry: null, fields: [ev.payload.field], stageId: ev.payload.stageId, changed: true };
  const stage = ev.changes.find((c) => c.field === 'stage_id');
  if (stage) return { event: ev, dealId, entry: Number(stage.new), fields: [], stageId: Number(stage.new), changed: true };
  const fields = ev.changes.map((c) => (c.field.startsWith('custom.') ? c.field.slice(7) : c.field));
  return { event: ev, dealId, entry: null, fields, stageId: ev.payload.stageId ?? null, changed: ev.changes.length > 0 };
}

/** The robots of these stages, by stage, in their order (one statement). */
async function robotsOf(e: EngineTx, stageIds: number[]): Promise<Map<number, LoadedRule[]>> {
  const out = new Map<number, LoadedRule[]>();
  if (!stageIds.length) return out;
  const rows = await scoped(e.ctx).selectFrom('automation_rule').selectAll().where('kind', '=', 'robot').where('stage_id', 'in', stageIds).orderBy('stage_id').orderBy('sort').orderBy('id').execute();
  for (const r of rows) {
    const l = toLoaded(r);
    out.set(l.stageId, [...(out.get(l.stageId) ?? []), l]);
  }
  return out;
}

/**
 * Result fields («Квалифицировать»...) start their robots through `automation.result.set`
 * (every setting, the same value again included); the deal's own change of such a field is
 * not a second start.
 */
async function resultFields(e: EngineTx, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const rows = await scoped(e.ctx).selectFrom('crm_field').select(['code', 'settings']).where('entity_type', '=', 'deal').where('code', 'in', codes).execute();
  return new Set(rows.filter((r) => parseJson<{ result?: boolean }>(r.settings, {}).result === true).map((r) => r.code));
}

async function handleStep(e: EngineTx, s: Step, robots: Map<number, LoadedRule[]>): Promise<void> {
  const key = `e${s.event.id}`;
  if (s.changed) {
    e.forget(s.dealId);
    let open = await openRuns(e, s.dealId);
    // Leaving a stage cancels what its robots still had to do.
    if (s.entry !== null) open = await cancelOtherStages(e, open, s.entry);
    // «Ждать условия»: the condition is looked at again on each change of the deal.
    for (const r of open) if (r.status === 'waiting' && robotDef(r.rule_type)?.recheckOnChange) await runNow(e, r, undefined, { resume: true });
  }
  if (s.stageId === null) return;
  const stageRobots = robots.get(s.stageId) ?? [];
  if (!stageRobots.length) return;
  if (s.entry !== null) {
    const rules = stageRobots.filter((r) => r.start.on === 'entry');
    if (!rules.length) return;
    const deal = await e.deal(s.dealId);
    if (deal) await startEntry(e, deal, s.entry, key, rules);
    return;
  }
  let fields = s.fields.filter((f) => stageRobots.some((r) => r.start.on === 'field' && r.start.field === f));
  if (!fields.length) return;
  if (s.event.type === 'crm.deal.updated') {
    const results = await resultFields(e, fields);
    fields = fields.filter((f) => !results.has(f));
  }
  for (const f of fields) {
    const rules = stageRobots.filter((r) => r.start.on === 'field' && r.start.field === f);
    const deal = await e.deal(s.dealId);
    if (!deal) return;
    await startEntry(e, deal, s.stageId, key, rules);
  }
}

async function handleEvents(platform: Platform, events: EngineEvent[], tx: ProcessorTx): Promise<void> {
  const byPortal = new Map<number, Step[]>();
  for (const ev of events) {
    const s = stepOf(ev);
    if (s) byPortal.set(ev.portalId, [...(byPortal.get(ev.portalId) ?? []), s]);
  }
  for (const [portalId, steps] of byPortal) {
    const portal = await platform.portals.byId(portalId, tx.db);
    if (!portal) continue;
    const e = new EngineTx(processorCtx(tx, portal));
    const robots = await robotsOf(e, [...new Set(steps.map((s) => s.stageId).filter((id): id is number => id !== null))]);
    for (const s of steps) await handleStep(e, s, robots);
    await e.flush();
  }
}

/**
 * The engine over the outbox: a deal entering a stage (created there, moved there) starts the
 * stage's robots; a field set while it is there starts the robots started by that field; any
 * change of the deal re-checks its waiting robots and, when it left the stage, cancels what is
 * still open there. Its writes commit with the processor's cursor, so each start is handled
 * once, whichever process takes the batch; the runs' unique key makes a repeat a no-op.
 */
export function engineProcessor(platform: Platform): EventProcessor {
  return defineProcessor({
    name: 'automation.engine',
    // The employee waits for the stage's tasks; history and search can come after.
    priority: 10,
    events: [crmEvents.dealCreated, crmEvents.dealUpdated, automationEvents.resultSet],
    handle: (event, tx) => handleEvents(platform, [event], tx),
    handleBatch: (events, tx) => handleEvents(platform, events, tx),
  });
}
