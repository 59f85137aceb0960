import { crmItemEvents, type EventDef } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { eventOf, recordEvents } from '../../../platform/events/outbox.js';
import { detachAll, reattachAll, type Held } from '../../../platform/items/holders.js';
import { fullName } from '../clients/common.js';
import { deleteDealRows, type DealRow } from '../deals/store.js';
import { TotalsDelta } from '../deals/totals.js';
import type { ItemRow, ItemType } from '../items/types.js';
import { defaultPipeline, findStage, stageRows } from '../pipelines/repository.js';
import { allowed, rightsOf } from '../rights.js';
import { specOf } from '../specs.js';
import { existingUserIds } from '../../users/api.js';
import { buildSearchText } from '../values.js';
import type { HeldLinks } from './links-holder.js';
import { schedulePurge } from './purge.js';
import './schema.js';

/** What a trash entry keeps: the item's own row as it was, and what every holder took of it. */
export interface TrashSnapshot<T extends ItemType = ItemType> {
  row: ItemRow<T>;
  held: Held;
}

export interface TrashOptions {
  reason: 'delete' | 'merge';
  /** A merge: the item this one was merged into. */
  mergedInto?: number;
}

/** The name an item is shown by in the trash. */
export function trashTitle(type: ItemType, row: ItemRow<ItemType>): string {
  if (type === 'contact') return fullName(row as ItemRow<'contact'>) || `#${row.id}`;
  return (row as { title: string }).title || `#${row.id}`;
}

const linksOf = (held: Held): HeldLinks => (held['crm.links'] as HeldLinks | undefined) ?? {};

/** The deletion event of each item: what it was, and that it waits in the trash. */
function deletedPayload(type: Exclude<ItemType, 'deal'>, row: ItemRow<ItemType>, held: Held): Record<string, unknown> {
  const links = linksOf(held);
  if (type === 'contact')
    return { name: trashTitle(type, row), responsibleId: row.responsible_id, companyIds: links.clients ?? [], dealIds: (links.dealContacts ?? []).map((d) => d.id), trashed: true };
  if (type === 'company') return { title: trashTitle(type, row), responsibleId: row.responsible_id, dealIds: links.deals ?? [], contactIds: links.clients ?? [], trashed: true };
  const lead = row as ItemRow<'lead'>;
  return { title: lead.title, responsibleId: lead.responsible_id, contactId: lead.contact_id, companyId: lead.company_id, dealId: lead.deal_id, trashed: true };
}

/**
 * Moves items to the trash in the caller's transaction: every holder takes out what it keeps of
 * them (links, activities, comments, file and task links), their rows go with a snapshot of it all,
 * and each records `crm.<type>.deleted` with `trashed` (lists, search, the Kanban and its totals see
 * it vanish). The caller has checked the rights and read (and locked) `rows`.
 */
export async function trashItems<T extends ItemType>(tx: Ctx, type: T, rows: ItemRow<T>[], opts: TrashOptions): Promise<void> {
  if (!rows.length) return;
  const ids = rows.map((r) => r.id);
  const held = await detachAll(tx, type, ids);
  const at = nowIso();
  const entries = rows.map((row) => ({
    entity_type: type,
    entity_id: row.id,
    title: trashTitle(type, row),
    reason: opts.reason,
    merged_into: opts.mergedInto ?? null,
    deleted_by: tx.actor?.userId ?? null,
    deleted_at: at,
    snapshot: JSON.stringify({ row, held: held[row.id] ?? {} } satisfies TrashSnapshot<T>),
  }));
  for (let i = 0; i < entries.length; i += 200)
    await scoped(tx)
      .insertInto('crm_trash', entries.slice(i, i + 200))
      .execute();
  if (type === 'deal') {
    await deleteDealRows(tx, rows as DealRow[], { trashed: true });
  } else {
    for (let i = 0; i < ids.length; i += 500)
      await scoped(tx)
        .deleteFrom(specOf(type).table)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    const events = crmItemEvents[type as Exclude<ItemType, 'deal'>];
    await recordEvents(
      tx,
      rows.map((row) => eventOf(events.deleted as EventDef, { entityType: type, entityId: row.id, payload: deletedPayload(type as Exclude<ItemType, 'deal'>, row, held[row.id] ?? {}) })),
    );
  }
  await schedulePurge(tx);
}

/** The trash entries of `ids` of a type, locked until the transaction ends. */
async function entriesOf(ctx: Ctx, type: ItemType, ids: number[]) {
  return lockForUpdate(ctx, scoped(ctx).selectFrom('crm_trash').selectAll().where('entity_type', '=', type).where('entity_id', 'in', ids)).execute();
}

/** A stored row as it can go back: what it pointed at and is gone since is let go (a deal's stage: the pipeline's first). */
async function liveRow(ctx: Ctx, type: ItemType, stored: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { portal_id: _p, ...row } = stored;
  const gone = async (table: 'crm_contact' | 'crm_company' | 'crm_deal' | 'crm_lead', col: string) => {
    const id = row[col];
    if (typeof id !== 'number') return;
    if (!(await scoped(ctx).selectFrom(table).select('id').where('id', '=', id).executeTakeFirst())) row[col] = null;
  };
  if (type === 'deal') {
    const stage = await findStage(ctx, Number(row.stage_id));
    if (!stage || stage.pipeline_id === null) {
      const pipeline = (await scoped(ctx).selectFrom('crm_pipeline').selectAll().where('id', '=', Number(row.pipeline_id)).executeTakeFirst()) ?? (await defaultPipeline(ctx));
      const first = pipeline ? (await stageRows(ctx, pipeline.id))[0] : undefined;
      if (!first) throw errors.conflict();
      Object.assign(row, { pipeline_id: first.pipeline_id, stage_id: first.id, stage_kind: first.kind, stage_changed_at: nowIso() });
    }
    await gone('crm_company', 'company_id');
    await gone('crm_lead', 'lead_id');
    const company = typeof row.company_id === 'number' ? await scoped(ctx).selectFrom('crm_company').select('title').where('id', '=', row.company_id).executeTakeFirst() : undefined;
    row.search_text = buildSearchText([String(row.title), company?.title ?? null]);
  }
  if (type === 'lead') {
    const status = await findStage(ctx, Number(row.status_id));
    if (!status) {
      const first = (await stageRows(ctx, null))[0];
      if (!first) throw errors.conflict();
      Object.assign(row, { status_id: first.id, status_kind: first.kind });
    }
    await gone('crm_contact', 'contact_id');
    await gone('crm_company', 'company_id');
    await gone('crm_deal', 'deal_id');
  }
  if (typeof row.responsible_id === 'number' && !(await existingUserIds(ctx, [row.responsible_id])).has(row.responsible_id)) row.responsible_id = null;
  row.version = Number(row.version ?? 1) + 1;
  return row;
}

/** Puts trashed entries back (the caller's transaction, rights checked): rows, links, holders' rows; one `crm.<type>.restored` each. */
async function restoreEntries(tx: Ctx, type: ItemType, entries: { id: number; entity_id: number; snapshot: string }[]): Promise<void> {
  const table = specOf(type).table;
  const totals = new TotalsDelta();
  const events = [];
  for (const e of entries) {
    const snap = JSON.parse(e.snapshot) as TrashSnapshot;
    const row = await liveRow(tx, type, snap.row as unknown as Record<string, unknown>);
    await scoped(tx)
      .insertInto(table, row as never)
      .execute();
    if (type === 'deal') totals.add(Number(row.stage_id), (row.responsible_id as number | null) ?? null, 1, Number(row.amount), String(row.currency));
    await reattachAll(tx, type, e.entity_id, snap.held ?? {});
    const title = trashTitle(type, row as unknown as ItemRow<ItemType>);
    const responsibleId = (row.responsible_id as number | null) ?? null;
    events.push(
      type === 'deal'
        ? eventOf(crmItemEvents.deal.restored, { entityType: type, entityId: e.entity_id, payload: { title, responsibleId, pipelineId: Number(row.pipeline_id), stageId: Number(row.stage_id) } })
        : eventOf(crmItemEvents[type].restored as EventDef, { entityType: type, entityId: e.entity_id, payload: { title, responsibleId } }),
    );
  }
  await totals.apply(tx);
  await scoped(tx)
    .deleteFrom('crm_trash')
    .where(
      'id',
      'in',
      entries.map((e) => e.id),
    )
    .execute();
  await recordEvents(tx, events);
}

/**
 * Brings items back from the trash under their own ids, with every link and holder row whose
 * other end is still there. The actor needs the right to add the type for the item's responsible
 * (a CRM administrator may always); 404 for an id not in the trash or not theirs to see there.
 */
export async function restoreItems(ctx: Ctx, type: ItemType, ids: number[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return;
  await transaction(ctx, async (tx) => {
    const entries = await entriesOf(tx, type, wanted);
    if (entries.length !== wanted.length) throw errors.notFound();
    await checkRestore(tx, type, entries);
    await restoreEntries(tx, type, entries);
  });
}

/** Restore rights: a CRM administrator; anyone else only what they deleted (or may see deleted) and may add again. */
async function checkRestore(ctx: Ctx, type: ItemType, entries: { deleted_by: number | null; snapshot: string }[]): Promise<void> {
  if (ctx.system) return;
  const rights = await rightsOf(ctx);
  if (rights.isAdmin) return;
  for (const e of entries) {
    if (e.deleted_by !== rights.userId) throw errors.notFound();
    const row = (JSON.parse(e.snapshot) as TrashSnapshot).row as { responsible_id: number | null; pipeline_id?: number };
    if (!(await allowed(ctx, type, 'add', row.responsible_id, type === 'deal' ? row.pipeline_id : undefined))) throw errors.forbidden();
  }
}
