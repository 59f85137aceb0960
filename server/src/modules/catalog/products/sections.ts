import { catalogProductEvents, type CatalogSection } from '@vavilon/contracts';
import type { z } from 'zod';
import type { CatalogSectionInput, CatalogSectionPatch } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';

type SectionRow = { id: number; parent_id: number | null; name: string; sort: number };

export async function sectionRows(ctx: Ctx): Promise<SectionRow[]> {
  return scoped(ctx).selectFrom('catalog_section').select(['id', 'parent_id', 'name', 'sort']).orderBy('sort').orderBy('name').orderBy('id').execute();
}

/** The section and every section below it. */
export function withSubsections(rows: SectionRow[], id: number): number[] {
  const children = new Map<number, number[]>();
  for (const r of rows) if (r.parent_id !== null) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
  const out: number[] = [];
  const walk = (n: number) => {
    if (out.includes(n)) return;
    out.push(n);
    for (const c of children.get(n) ?? []) walk(c);
  };
  walk(id);
  return out;
}

/** The whole tree, flat (each with its parent), in display order, with the products directly in each. */
export async function listSections(ctx: Ctx): Promise<CatalogSection[]> {
  const [rows, counts] = await Promise.all([
    sectionRows(ctx),
    scoped(ctx)
      .selectFrom('catalog_product')
      .select(['section_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('section_id', 'is not', null)
      .groupBy('section_id')
      .execute(),
  ]);
  const by = new Map(counts.map((c) => [Number(c.section_id), Number(c.n)]));
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, sort: r.sort, productCount: by.get(r.id) ?? 0 }));
}

async function getSection(ctx: Ctx, id: number): Promise<CatalogSection> {
  const found = (await listSections(ctx)).find((s) => s.id === id);
  if (!found) throw errors.notFound();
  return found;
}

async function checkParent(ctx: Ctx, parentId: number | null | undefined, self?: number): Promise<void> {
  if (parentId === null || parentId === undefined) return;
  const rows = await sectionRows(ctx);
  if (!rows.some((r) => r.id === parentId)) throw errors.field('parentId', 'catalog.section_unknown');
  if (self !== undefined && withSubsections(rows, self).includes(parentId)) throw errors.field('parentId', 'catalog.section_cycle');
}

export async function createSection(ctx: Ctx, input: z.infer<typeof CatalogSectionInput>): Promise<CatalogSection> {
  const id = await transaction(ctx, async (tx) => {
    await checkParent(tx, input.parentId);
    const row = await scoped(tx)
      .insertInto('catalog_section', { parent_id: input.parentId ?? null, name: input.name, sort: input.sort ?? 500, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, catalogProductEvents.sectionCreated, { entityType: 'catalog.section', entityId: row.id, payload: { name: input.name, parentId: input.parentId ?? null } });
    return Number(row.id);
  });
  return getSection(ctx, id);
}

export async function updateSection(ctx: Ctx, id: number, patch: z.infer<typeof CatalogSectionPatch>): Promise<CatalogSection> {
  await transaction(ctx, async (tx) => {
    const before = await getSection(tx, id);
    await checkParent(tx, patch.parentId, id);
    const set: Partial<SectionRow> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.parentId !== undefined) set.parent_id = patch.parentId;
    if (patch.sort !== undefined) set.sort = patch.sort;
    if (!Object.keys(set).length) return;
    await scoped(tx).updateTable('catalog_section').set(set).where('id', '=', id).execute();
    await recordEvent(tx, catalogProductEvents.sectionUpdated, {
      entityType: 'catalog.section',
      entityId: id,
      payload: { name: set.name ?? before.name, parentId: set.parent_id !== undefined ? set.parent_id : before.parentId },
      changes: Object.entries(set).map(([field, v]) => ({ field, old: field === 'parent_id' ? before.parentId : (before as Record<string, unknown>)[field], new: v })),
    });
  });
  return getSection(ctx, id);
}

/**
 * Deleting a section keeps what it held: its products and subsections move up to its parent (to
 * the top when it had none), so nothing is lost by a click and the catalogue can be reorganised.
 */
export async function deleteSection(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const before = await getSection(tx, id);
    await scoped(tx).updateTable('catalog_section').set({ parent_id: before.parentId }).where('parent_id', '=', id).execute();
    await scoped(tx).updateTable('catalog_product').set({ section_id: before.parentId, updated_at: nowIso() }).where('section_id', '=', id).execute();
    await scoped(tx).deleteFrom('catalog_section').where('id', '=', id).execute();
    await recordEvent(tx, catalogProductEvents.sectionDeleted, { entityType: 'catalog.section', entityId: id, payload: { name: before.name, parentId: before.parentId } });
  });
}
