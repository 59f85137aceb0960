import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { crmEvents, crmItemEvents } from '@vavilon/contracts';
import { eventOf, recordEvents, type Change, type PendingEvent } from '../../../platform/events/outbox.js';
import { changesOf } from '../clients/common.js';
import { TotalsDelta } from '../deals/totals.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';
import { insertRows } from '../../../platform/db/bulk.js';
import { typedList } from './item-values.js';
import { buildSearchText, fromMinor } from '../values.js';
import { CLIENT_DEFAULTS, COMPANY_DEFAULTS, CONTACT_DEFAULTS, LEAD_DEFAULTS } from '../items/defaults.js';

/**
 * Bulk writes of CRM items for the import: many rows per statement, the Kanban totals and
 * the domain events kept in the caller's transaction. Values arrive validated (see
 * item-values.ts); the item services own the single-item rules of the cards.
 */

export type ItemRow = Record<string, any>;

/** Columns that are bookkeeping, not user data: left out of change lists. */
const QUIET = new Set(['id', 'portal_id', 'search_text', 'created_at', 'updated_at', 'version', 'created_by']);
/** Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters at ~40 columns. */
const INSERT_CHUNK = 250;

/**
 * The lower-cased words an item is found by — the same words the item services index:
 * names, ИНН, phones and e-mails; a deal also by its company's name.
 */
export function searchTextOf(entity: EntityType, row: ItemRow, companyTitle?: string | null): string {
  const typed = [typedList(row.phones), typedList(row.emails)];
  switch (entity) {
    case 'company':
      return buildSearchText([row.title, row.inn], typed);
    case 'contact':
      return buildSearchText([row.last_name, row.first_name, row.middle_name], typed);
    case 'lead':
      return buildSearchText([row.title, row.last_name, row.first_name, row.middle_name, row.company_title], typed);
    case 'deal':
      return buildSearchText([row.title, companyTitle]);
  }
}

/** Where a batch of writes comes from, put into each of its events. */
export interface ItemOrigin {
  source?: 'import';
  importId?: number;
}

/** What a batch of writes leaves to do before its commit: Kanban totals and domain events. */
export class WriteSink {
  readonly totals = new TotalsDelta();
  readonly events: PendingEvent[] = [];
  constructor(readonly payload: ItemOrigin = {}) {}

  async flush(ctx: Ctx): Promise<void> {
    await this.totals.apply(ctx);
    await recordEvents(ctx, this.events.splice(0));
  }
}

const NEW_CLIENT: ItemRow = { ...CLIENT_DEFAULTS, responsible_id: null, first_touch_at: null, custom: '{}' };

/** Every column of a new item, so a multi-row insert never leans on defaults (SQLite has no DEFAULT in VALUES). */
function newItemDefaults(entity: EntityType, now: string): ItemRow {
  switch (entity) {
    case 'company':
      return { ...NEW_CLIENT, ...COMPANY_DEFAULTS };
    case 'contact':
      return { ...NEW_CLIENT, ...CONTACT_DEFAULTS };
    case 'deal':
      return { ...NEW_CLIENT, stage_kind: 'progress', amount: 0, currency: 'RUB', company_id: null, begin_date: null, close_date: null, lead_id: null, stage_changed_at: now };
    case 'lead':
      return { ...NEW_CLIENT, ...LEAD_DEFAULTS };
  }
}

export interface NewItem {
  /** Column values of the item's table (JSON columns as text). */
  values: ItemRow;
  /** Contacts: companies to link. */
  companyIds?: number[];
}

const MONEY: Record<EntityType, string[]> = { company: ['revenue'], deal: ['amount'], lead: ['amount'], contact: [] };

/** Field changes as the item services record them (lists as lists, money in major units, `custom.<code>`). */
function changesFor(entity: EntityType, before: ItemRow, set: ItemRow): Change[] {
  const fields: ItemRow = {};
  for (const k in set) if (!QUIET.has(k) && set[k] !== undefined) fields[k] = set[k];
  return changesOf(before, fields, MONEY[entity]);
}

/**
 * Inserts new items, many per statement, and returns their ids in the order given.
 * Ids of one multi-row insert grow in the order of its rows on both databases.
 */
export async function insertItems(ctx: Ctx, entity: EntityType, items: NewItem[], sink: WriteSink): Promise<number[]> {
  const table = specOf(entity).table;
  const now = nowIso();
  const ids: number[] = [];
  const companyTitles =
    entity === 'deal'
      ? await titlesOf(
          ctx,
          items.map((it) => it.values.company_id),
        )
      : new Map<number, string>();
  const defaults = newItemDefaults(entity, now);
  const fixed: ItemRow = { first_touch_at: now, created_by: ctx.actor?.userId ?? null, created_at: now, updated_at: now, version: 1 };
  if (entity === 'deal') fixed.stage_changed_at = now;
  for (let i = 0; i < items.length; i += INSERT_CHUNK) {
    const chunk = items.slice(i, i + INSERT_CHUNK);
    // Only the columns some row of the chunk sets, each row filling the others with its default:
    // fewer bound values, and the rest left to the table's own defaults.
    const keys = new Set<string>();
    for (const it of chunk) for (const k in it.values) if (it.values[k] !== undefined) keys.add(k);
    const template: ItemRow = { ...fixed };
    for (const k of keys) template[k] = defaults[k] ?? null;
    const rows = chunk.map((it) => {
      const v: ItemRow = { ...template };
      for (const k in it.values) if (it.values[k] !== undefined) v[k] = it.values[k];
      v.search_text = searchTextOf(entity, v, companyTitles.get(v.company_id));
      return v;
    });
    const columns = ['portal_id', ...Object.keys(rows[0]!)];
    const portalId = ctx.portal.id;
    const inserted = await insertRows(
      ctx,
      table,
      columns,
      rows.map((r) => columns.map((c) => (c === 'portal_id' ? portalId : r[c]))),
      true,
    );
    const chunkIds = inserted.sort((a, b) => a - b);
    chunk.forEach((it, j) => {
      const id = chunkIds[j]!;
      ids.push(id);
      // Created as on the card: one «Запись создана» in the history, not a change per filled field.
      sink.events.push(createdEvent(entity, id, it, sink.payload));
      if (entity === 'deal') sink.totals.add(it.values.stage_id, it.values.responsible_id ?? null, 1, Number(it.values.amount ?? 0), it.values.currency ?? 'RUB');
    });
  }
  if (entity === 'contact') {
    const links = items.flatMap((it, i) => [...new Set(it.companyIds ?? [])].map((company_id) => ({ contact_id: ids[i]!, company_id })));
    const portalId = ctx.portal.id;
    for (let i = 0; i < links.length; i += 500) {
      await insertRows(
        ctx,
        'crm_contact_company',
        ['portal_id', 'contact_id', 'company_id'],
        links.slice(i, i + 500).map((l) => [portalId, l.contact_id, l.company_id]),
      );
    }
  }
  return ids;
}

/**
 * Updates one item from `before` with the columns of `set` that differ, bumping its version.
 * Returns the item as it is now, or null when it changed since `before` was read.
 */
export async function updateItem(ctx: Ctx, entity: EntityType, before: ItemRow, set: ItemRow, sink: WriteSink, addCompanyIds: number[] = []): Promise<ItemRow | null> {
  const changed: ItemRow = {};
  for (const [field, v] of Object.entries(set)) {
    if (v === undefined || QUIET.has(field)) continue;
    if (JSON.stringify(before[field] ?? null) !== JSON.stringify(v ?? null)) changed[field] = v;
  }
  const changes = changesFor(entity, before, changed);
  const newCompanies = entity === 'contact' ? await missingCompanyLinks(ctx, before.id, addCompanyIds) : [];
  if (!Object.keys(changed).length && !newCompanies.length) return before;
  const after: ItemRow = { ...before, ...changed, version: before.version + 1 };
  const companyTitle = entity === 'deal' && after.company_id ? (await titlesOf(ctx, [after.company_id])).get(after.company_id) : null;
  const res = await scoped(ctx)
    .updateTable(specOf(entity).table)
    .set({ ...changed, search_text: searchTextOf(entity, after, companyTitle), updated_at: nowIso(), version: after.version } as never)
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return null;
  if (newCompanies.length) {
    await scoped(ctx)
      .insertInto(
        'crm_contact_company',
        newCompanies.map((company_id) => ({ contact_id: before.id, company_id })),
      )
      .execute();
    changes.push({ field: 'company_ids', old: null, new: newCompanies });
  }
  if (entity === 'deal' && (changed.stage_id !== undefined || changed.responsible_id !== undefined || changed.amount !== undefined || changed.currency !== undefined)) {
    sink.totals.add(before.stage_id, before.responsible_id, -1, -Number(before.amount ?? 0), before.currency ?? 'RUB');
    sink.totals.add(after.stage_id, after.responsible_id, 1, Number(after.amount ?? 0), after.currency ?? 'RUB');
  }
  sink.events.push(eventOf(crmItemEvents[entity].updated, { entityType: entity, entityId: before.id, payload: sink.payload, changes }));
  return after;
}

/** The created event with what the item services put in its payload, for consumers such as automation robots. */
function createdEvent(entity: EntityType, id: number, it: NewItem, origin: ItemOrigin): PendingEvent {
  const v = it.values;
  const at = { entityType: entity, entityId: id };
  switch (entity) {
    case 'company':
      return eventOf(crmEvents.companyCreated, { ...at, payload: { title: v.title, responsibleId: v.responsible_id ?? null, ...origin } });
    case 'lead':
      return eventOf(crmEvents.leadCreated, { ...at, payload: { title: v.title, responsibleId: v.responsible_id ?? null, ...origin } });
    case 'contact':
      return eventOf(crmEvents.contactCreated, {
        ...at,
        payload: { name: [v.last_name, v.first_name, v.middle_name].filter(Boolean).join(' '), responsibleId: v.responsible_id ?? null, companyIds: it.companyIds ?? [], ...origin },
      });
    case 'deal':
      return eventOf(crmEvents.dealCreated, {
        ...at,
        payload: {
          title: v.title,
          pipelineId: v.pipeline_id,
          stageId: v.stage_id,
          stageKind: v.stage_kind,
          responsibleId: v.responsible_id ?? null,
          amount: fromMinor(Number(v.amount ?? 0)),
          currency: v.currency ?? 'RUB',
          companyId: v.company_id ?? null,
          leadId: null,
          ...origin,
        },
      });
  }
}

async function titlesOf(ctx: Ctx, companyIds: unknown[]): Promise<Map<number, string>> {
  const ids = [...new Set(companyIds.filter((id): id is number => typeof id === 'number'))];
  if (!ids.length) return new Map();
  const rows = await scoped(ctx).selectFrom('crm_company').select(['id', 'title']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}

async function missingCompanyLinks(ctx: Ctx, contactId: number, companyIds: number[]): Promise<number[]> {
  if (!companyIds.length) return [];
  const have = await scoped(ctx).selectFrom('crm_contact_company').select('company_id').where('contact_id', '=', contactId).execute();
  const set = new Set(have.map((h) => h.company_id));
  return [...new Set(companyIds)].filter((id) => !set.has(id));
}
