import { crmEvents, type EventDef } from '@vavilon/contracts';
import { systemCtx, type Ctx } from '../../../platform/context.js';
import { defineProcessor, processorCtx, type EventProcessor, type ProcessorTx } from '../../../platform/events/processors.js';
import type { DomainEvent } from '../../../platform/events/outbox.js';
import type { Job, JobHandler } from '../../../platform/jobs/jobs.js';
import type { Platform } from '../../../platform/platform.js';
import { contactsOf, rebuildKeys, reindexItems, type DupType } from './store.js';

export const REBUILD_JOB = 'crm.duplicates.rebuild';

/** A restore (the CRM trash) brings keys back like a create; read by name, so the index works before and after it exists. */
const restored = Object.values(crmEvents as Record<string, EventDef>).filter((d) => d.name === 'crm.contact.restored' || d.name === 'crm.company.restored');

const WATCHED: EventDef[] = [crmEvents.contactCreated, crmEvents.contactUpdated, crmEvents.contactDeleted, crmEvents.companyCreated, crmEvents.companyUpdated, crmEvents.companyDeleted, ...restored];

type Pending = { contacts: Set<number>; companies: Set<number>; renamed: Set<number>; leftBy: Set<number> };

function collect(events: DomainEvent[]): Map<number, Pending> {
  const byPortal = new Map<number, Pending>();
  for (const e of events) {
    const p = byPortal.get(e.portalId) ?? { contacts: new Set(), companies: new Set(), renamed: new Set(), leftBy: new Set() };
    byPortal.set(e.portalId, p);
    const id = Number(e.entityId);
    if (e.entityType === 'contact') p.contacts.add(id);
    if (e.entityType !== 'company') continue;
    p.companies.add(id);
    // A company's name is part of its contacts' name keys: those follow a rename or a delete.
    if (e.type === 'crm.company.updated' && e.changes.some((c) => c.field === 'title')) p.renamed.add(id);
    if (e.type === 'crm.company.deleted') for (const c of (e.payload as { contactIds?: number[] }).contactIds ?? []) p.leftBy.add(c);
  }
  return byPortal;
}

async function apply(ctx: Ctx, p: Pending): Promise<void> {
  const contacts = new Set([...p.contacts, ...p.leftBy, ...(await contactsOf(ctx, [...p.renamed]))]);
  if (contacts.size) await reindexItems(ctx, 'contact', [...contacts]);
  if (p.companies.size) await reindexItems(ctx, 'company', [...p.companies]);
}

async function handleEvents(events: DomainEvent[], tx: ProcessorTx): Promise<void> {
  for (const [portalId, p] of collect(events)) await apply(processorCtx(tx, { id: portalId, name: '', title: '' }), p);
}

/** Keeps the duplicate index (crm_dup_key) in step with every write of a contact or company. */
export function duplicateKeysProcessor(): EventProcessor {
  return defineProcessor({
    name: 'crm.duplicates',
    events: WATCHED,
    handle: (e, tx) => handleEvents([e as DomainEvent], tx),
    // An import leaves thousands of events: their items are re-keyed a thousand at a time.
    handleBatch: (events, tx) => handleEvents(events as DomainEvent[], tx),
  });
}

/** Builds a portal's duplicate index anew (a migration schedules it; an administrator may too). */
export function rebuildJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    const ctx = systemCtx(platform, portal, { requestId: `crm-duplicates-${job.id}` });
    const types: DupType[] = job.payload.type === 'contact' || job.payload.type === 'company' ? [job.payload.type] : ['contact', 'company'];
    for (const type of types) await rebuildKeys(ctx, type);
  };
}
