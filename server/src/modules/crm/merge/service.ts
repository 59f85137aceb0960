import { MERGE_MAX_ITEMS, mergedCell, mergeEvents, type MergeBatchInput, type MergeCell, type MergeInput, type MergePreview, type MergeResult, type MergeType } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { userRefs } from '../../users/api.js';
import { actorId } from '../clients/common.js';
import { fieldDefs } from '../fields.js';
import { allowed, scopeTest } from '../rights.js';
import { itemDescriptor, updateItem } from '../items/service.js';
import { labelOf, mergeFields, sameHeld, usersNamed, type Held, type MergeFieldDef, type MergeRow } from './fields.js';
import { moveLinks, trashMerged } from './wiring.js';

export function mergeType(entity: string): MergeType {
  if (entity !== 'contact' && entity !== 'company') throw errors.field('type', 'crm.merge.type_invalid');
  return entity;
}

/** The ids of a merge, each once: two at least, ten at most. */
function idsOf(list: number[]): number[] {
  const ids = [...new Set(list)];
  if (ids.length < 2) throw errors.field('ids', 'crm.merge.need_two');
  if (ids.length > MERGE_MAX_ITEMS) throw errors.field('ids', 'crm.merge.too_many', { max: MERGE_MAX_ITEMS });
  return ids;
}

/** The rows of `ids` in their order; 404 when one is missing or the actor may not read it. */
async function loadRows(ctx: Ctx, type: MergeType, ids: number[], lock: boolean): Promise<MergeRow[]> {
  const table = itemDescriptor(type).table;
  const q = scoped(ctx).selectFrom(table).selectAll().where('id', 'in', ids).orderBy('id');
  const rows = (await (lock ? lockForUpdate(ctx, q) : q).execute()) as MergeRow[];
  const canRead = await scopeTest(ctx, type, 'read');
  const byId = new Map(rows.filter((r) => canRead(r.responsible_id)).map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    if (!r) throw errors.notFound();
    return r;
  });
}

/** How many deals, and companies or contacts, each item has: what moves with it. */
async function linkCounts(ctx: Ctx, type: MergeType, ids: number[]) {
  const count = (rows: { id: number; n: unknown }[]) => new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
  if (type === 'contact') {
    const [deals, companies] = await Promise.all([
      scoped(ctx)
        .selectFrom('crm_deal_contact')
        .select((eb) => ['contact_id as id', eb.fn.countAll().as('n')])
        .where('contact_id', 'in', ids)
        .groupBy('contact_id')
        .execute(),
      scoped(ctx)
        .selectFrom('crm_contact_company')
        .select((eb) => ['contact_id as id', eb.fn.countAll().as('n')])
        .where('contact_id', 'in', ids)
        .groupBy('contact_id')
        .execute(),
    ]);
    const d = count(deals);
    const c = count(companies);
    return (id: number) => ({ deals: d.get(id) ?? 0, companies: c.get(id) ?? 0 });
  }
  const [deals, contacts] = await Promise.all([
    scoped(ctx)
      .selectFrom('crm_deal')
      .select((eb) => ['company_id as id', eb.fn.countAll().as('n')])
      .where('company_id', 'in', ids)
      .groupBy('company_id')
      .execute(),
    scoped(ctx)
      .selectFrom('crm_contact_company')
      .select((eb) => ['company_id as id', eb.fn.countAll().as('n')])
      .where('company_id', 'in', ids)
      .groupBy('company_id')
      .execute(),
  ]);
  const d = count(deals as { id: number; n: unknown }[]);
  const c = count(contacts);
  return (id: number) => ({ deals: d.get(id) ?? 0, contacts: c.get(id) ?? 0 });
}

interface Compared {
  def: MergeFieldDef;
  held: Held[];
  differs: boolean;
}

async function compare(ctx: Ctx, type: MergeType, rows: MergeRow[]) {
  const defs = await fieldDefs(ctx, type);
  const users = await userRefs(ctx, usersNamed(rows, defs));
  const show = { lang: ctx.lang, users };
  const fields: Compared[] = mergeFields(type, defs).map((def) => {
    const held = rows.map((r) => def.read(r, show));
    return { def, held, differs: held.some((h) => !sameHeld(h, held[0]!)) };
  });
  return { defs, users, fields };
}

const cellsOf = (rows: MergeRow[], f: Compared): MergeCell[] =>
  rows.map((r, i) => ({ id: r.id, text: f.held[i]!.text, empty: f.held[i]!.empty, ...(f.held[i]!.entries ? { entries: f.held[i]!.entries } : {}) }));

/** The comparison screen: the items side by side, each field's values as shown and whether they differ. */
export async function mergePreview(ctx: Ctx, entity: string, body: { ids: number[] }): Promise<MergePreview> {
  actorId(ctx);
  const type = mergeType(entity);
  const ids = idsOf(body.ids);
  const rows = await loadRows(ctx, type, ids, false);
  const d = itemDescriptor(type);
  const [{ defs, users, fields }, links, canEdit, canDelete] = await Promise.all([compare(ctx, type, rows), linkCounts(ctx, type, ids), scopeTest(ctx, type, 'edit'), scopeTest(ctx, type, 'delete')]);
  const labels = new Map(defs.map((x) => [x.code, x.label]));
  const owners = await userRefs(
    ctx,
    rows.map((r) => r.responsible_id),
  );
  void users;
  // A field nobody filled is left out: there is nothing to compare.
  const shown = fields.filter((f) => f.held.some((h) => !h.empty));
  return {
    type,
    items: rows.map((r) => ({
      id: r.id,
      title: d.title(r as never) || `#${r.id}`,
      version: r.version,
      responsible: r.responsible_id ? (owners.get(r.responsible_id) ?? null) : null,
      createdAt: r.created_at,
      links: links(r.id),
      abilities: { edit: canEdit(r.responsible_id), delete: canDelete(r.responsible_id) },
    })),
    fields: shown.map((f) => ({
      key: f.def.key,
      label: labelOf(type, f.def, ctx.lang, labels),
      kind: f.def.kind,
      cells: cellsOf(rows, f),
      differs: f.differs,
      choosable: f.def.choosable,
    })),
    differs: shown.some((f) => f.differs),
  };
}

type ParsedMerge = { ids: number[]; primaryId: number; choices: Record<string, number>; combine?: string[]; versions?: Record<string, number> };

/** The card input that gives the survivor the merged values: only the fields that change. */
function survivorPatch(rows: MergeRow[], fields: Compared[], m: ParsedMerge) {
  const known = new Map(fields.map((f) => [f.def.key, f]));
  const bad: { field: string; message: 'crm.merge.field_unknown' | 'crm.merge.source_unknown' }[] = [];
  for (const [key, source] of Object.entries(m.choices)) {
    if (!known.has(key)) bad.push({ field: `choices.${key}`, message: 'crm.merge.field_unknown' });
    else if (!m.ids.includes(source)) bad.push({ field: `choices.${key}`, message: 'crm.merge.source_unknown' });
  }
  for (const key of m.combine ?? []) if (known.get(key)?.def.kind !== 'list') bad.push({ field: 'combine', message: 'crm.merge.field_unknown' });
  if (bad.length) throw errors.validation(bad);

  const primaryAt = rows.findIndex((r) => r.id === m.primaryId);
  const patch: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const f of fields) {
    const cells = cellsOf(rows, f);
    const combine = f.def.kind === 'list' && (m.combine ? m.combine.includes(f.def.key) : true);
    const merged = mergedCell({ kind: f.def.kind, cells, choosable: f.def.choosable }, m.primaryId, m.choices[f.def.key], combine);
    const raw = combine ? merged.entries!.map((e) => ({ type: e.type, value: e.value })) : f.held[rows.findIndex((r) => r.id === merged.id)]!.raw;
    const mine = f.held[primaryAt]!;
    const next: Held = combine ? { raw, text: merged.text, empty: merged.empty, entries: merged.entries } : f.held[rows.findIndex((r) => r.id === merged.id)]!;
    if (sameHeld(mine, next) && (f.def.kind !== 'list' || JSON.stringify(mine.raw) === JSON.stringify(raw))) continue;
    const part = f.def.input(raw);
    if (part.custom) Object.assign(custom, part.custom);
    else Object.assign(patch, part);
  }
  if (Object.keys(custom).length) patch.custom = custom;
  // The client path starts at the earliest first touch of all of them.
  const touches = rows.map((r) => r.first_touch_at).filter((x): x is string => !!x);
  const first = touches.sort()[0];
  if (first && first !== rows[primaryAt]!.first_touch_at) patch.firstTouchAt = first;
  return patch;
}

/** Rights, versions and the survivor's new values; then the links move and the others go to the trash. */
async function mergeIn(tx: Ctx, type: MergeType, input: ParsedMerge): Promise<MergeResult> {
  const ids = idsOf(input.ids);
  if (!ids.includes(input.primaryId)) throw errors.field('primaryId', 'crm.merge.primary_unknown');
  const m = { ...input, ids };
  const rows = await loadRows(
    tx,
    type,
    [...ids].sort((a, b) => a - b),
    true,
  ).then((list) => ids.map((id) => list.find((r) => r.id === id)!));
  const survivor = rows.find((r) => r.id === m.primaryId)!;
  const others = rows.filter((r) => r.id !== m.primaryId);
  if (!(await allowed(tx, type, 'edit', survivor.responsible_id))) throw errors.forbidden();
  const mayDelete = await scopeTest(tx, type, 'delete');
  if (others.some((r) => !mayDelete(r.responsible_id))) throw errors.forbidden();
  for (const [key, version] of Object.entries(m.versions ?? {})) {
    const row = rows.find((r) => String(r.id) === key);
    if (!row) throw errors.field(`versions.${key}`, 'crm.merge.source_unknown');
    if (row.version !== version) throw errors.conflict();
  }

  const { fields } = await compare(tx, type, rows);
  const patch = survivorPatch(rows, fields, m);
  const d = itemDescriptor(type);
  if (Object.keys(patch).length) await updateItem(tx, type, survivor.id, patch as never, survivor.version);
  await moveLinks(tx, type, others, survivor.id);
  await trashMerged(tx, type, others, survivor.id);

  const after = (await d.find(tx, survivor.id))!;
  const titled = others.map((r) => `${d.title(r as never) || '#' + r.id} (#${r.id})`).join('; ');
  await recordEvent(tx, type === 'contact' ? mergeEvents.contactMerged : mergeEvents.companyMerged, {
    entityType: type,
    entityId: survivor.id,
    payload: {
      mergedIds: others.map((r) => r.id),
      items: others.map((r) => ({ id: r.id, title: d.title(r as never), snapshot: { ...r, search_text: undefined } })),
    },
    changes: [{ field: 'merged_from', old: null, new: titled }],
  });
  return { type, id: survivor.id, title: d.title(after as never), mergedIds: others.map((r) => r.id) };
}

/** «Объединить»: one transaction; the survivor's card is read after it. */
export async function mergeItems(ctx: Ctx, entity: string, body: ParsedMerge): Promise<MergeResult> {
  actorId(ctx);
  const type = mergeType(entity);
  return transaction(ctx, (tx) => mergeIn(tx, type, body));
}

/** Several merges for API clients, all or none; a bad one names its place (`merges.2.primaryId`). */
export async function mergeBatch(ctx: Ctx, body: { merges: (ParsedMerge & { type: string })[] }): Promise<{ items: MergeResult[] }> {
  actorId(ctx);
  return transaction(ctx, async (tx) => {
    const items: MergeResult[] = [];
    for (const [i, m] of body.merges.entries()) {
      try {
        items.push(await mergeIn(tx, mergeType(m.type), m));
      } catch (e) {
        if (e instanceof AppError && e.fields)
          throw new AppError(
            e.status,
            e.code,
            e.messageKey,
            e.params,
            e.fields.map((f) => ({ ...f, field: `merges.${i}.${f.field}` })),
          );
        throw e;
      }
    }
    return { items };
  });
}

export type { MergeInput, MergeBatchInput };
