import { catalogProductEvents, fromMinor, toMinor } from '@vavilon/contracts';
import type { Product, ProductBrief, ProductBulk, ProductInput, ProductList, ProductListQuery, ProductPatch } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent, type Change } from '../../../platform/events/outbox.js';
import { fileInfos, ownFileIds, removeFileLinks, setFileLinks } from '../../files/api.js';
import { requireCatalog } from '../rights.js';
import { indexProduct, matchesQuery, searchQuery, unindexProducts } from './search.js';
import { sectionRows, withSubsections } from './sections.js';

export type ProductRow = {
  id: number;
  section_id: number | null;
  kind: 'product' | 'service';
  name: string;
  sku: string;
  description: string;
  unit: string;
  price: number | string;
  currency: string;
  vat_rate: number | null;
  vat_included: number;
  active: number;
  sort: number;
  version: number;
  created_at: unknown;
  updated_at: unknown;
};

const BRIEF = ['id', 'section_id', 'kind', 'name', 'sku', 'unit', 'price', 'currency', 'vat_rate', 'vat_included', 'active'] as const;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
const photoUrl = (fileId: number) => `/api/files/${fileId}`;

/** The first photo of each product, by product id. */
async function firstPhotos(ctx: Ctx, ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await scoped(ctx).selectFrom('catalog_product_photo').select(['product_id', 'file_id', 'sort']).where('product_id', 'in', ids).orderBy('sort').execute();
  const out = new Map<number, number>();
  for (const r of rows) if (!out.has(r.product_id)) out.set(r.product_id, r.file_id);
  return out;
}

export function briefOf(r: Pick<ProductRow, (typeof BRIEF)[number]>, photo: number | undefined): ProductBrief {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    sku: r.sku,
    unit: r.unit,
    price: fromMinor(Number(r.price)),
    currency: r.currency,
    vatRate: r.vat_rate === null ? null : (Number(r.vat_rate) as 0 | 10 | 20),
    vatIncluded: !!r.vat_included,
    active: !!r.active,
    sectionId: r.section_id,
    photoUrl: photo ? photoUrl(photo) : null,
  };
}

export async function briefsOf(ctx: Ctx, rows: Pick<ProductRow, (typeof BRIEF)[number]>[]): Promise<ProductBrief[]> {
  const photos = await firstPhotos(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => briefOf(r, photos.get(r.id)));
}

const SORTS = { name: 'name', sku: 'sku', price: 'price', updatedAt: 'updated_at', sort: 'sort' } as const;

/** The catalogue list: filters, sort and page; the total counts the same set. */
export async function listProducts(ctx: Ctx, q: ProductListQuery): Promise<ProductList> {
  const rights = await requireCatalog(ctx, 'read');
  let query = scoped(ctx).selectFrom('catalog_product');
  if (q.sectionId !== undefined) {
    if (q.sectionId === 0) query = query.where('section_id', 'is', null);
    else query = query.where('section_id', 'in', withSubsections(await sectionRows(ctx), q.sectionId));
  }
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.active !== undefined) query = query.where('active', '=', q.active ? 1 : 0);
  if (q.priceFrom !== undefined) query = query.where('price', '>=', toMinor(q.priceFrom));
  if (q.priceTo !== undefined) query = query.where('price', '<=', toMinor(q.priceTo));
  const match = matchesQuery(ctx, q.q);
  if (match) query = query.where(match);
  const [rows, total] = await Promise.all([
    query
      .select([...BRIEF])
      .orderBy(SORTS[q.sort], q.order)
      .orderBy('id', q.order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await briefsOf(ctx, rows as ProductRow[]), total: Number(total.n), page: q.page, pageSize: q.pageSize, rights };
}

/** Active products (all with `all`) matching `q` by any word form of their name or the start of their SKU, for pickers. */
export async function searchProducts(ctx: Ctx, q: string, limit: number, all = false): Promise<ProductBrief[]> {
  await requireCatalog(ctx, 'read');
  const found = searchQuery(ctx, q, all);
  let rows: ProductRow[];
  if (found) {
    // No DISTINCT either (PostgreSQL would gather every match to drop repeats): a product two of
    // whose words start alike comes twice, so twice the rows are read and the repeats dropped here.
    const seen = new Set<number>();
    rows = (
      (await found
        .select(BRIEF.map((c) => `catalog_product.${c}` as const))
        .limit(limit * 2)
        .execute()) as unknown as ProductRow[]
    )
      .filter((r) => !seen.has(r.id) && !!seen.add(r.id))
      .slice(0, limit);
    // No ORDER BY: the database stops at the first `limit` matches instead of sorting every product
    // a common word matches (thousands at 100,000 products); the few found are sorted here.
    rows.sort((a, b) => a.name.localeCompare(b.name, 'ru') || a.id - b.id);
  } else {
    let query = scoped(ctx)
      .selectFrom('catalog_product')
      .select([...BRIEF]);
    if (!all) query = query.where('active', '=', 1);
    rows = (await query.orderBy('name').orderBy('id').limit(limit).execute()) as ProductRow[];
  }
  return briefsOf(ctx, rows);
}

async function productRow(ctx: Ctx, id: number): Promise<ProductRow> {
  const row = await scoped(ctx).selectFrom('catalog_product').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  return row as unknown as ProductRow;
}

export async function getProduct(ctx: Ctx, id: number): Promise<Product> {
  await requireCatalog(ctx, 'read');
  const row = await productRow(ctx, id);
  const photos = await scoped(ctx).selectFrom('catalog_product_photo').select(['file_id']).where('product_id', '=', id).orderBy('sort').execute();
  const infos = await fileInfos(
    ctx,
    photos.map((p) => p.file_id),
  );
  return {
    ...briefOf(row, photos[0]?.file_id),
    description: row.description,
    sort: row.sort,
    version: row.version,
    photos: photos.filter((p) => infos.has(p.file_id)).map((p) => ({ fileId: p.file_id, name: infos.get(p.file_id)!.name, url: photoUrl(p.file_id) })),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The section is the portal's; new photos are the actor's own uploads and images. */
async function checkRefs(ctx: Ctx, input: { sectionId?: number | null; photoFileIds?: number[] }, current: number[] = []): Promise<void> {
  const errs: FieldError[] = [];
  if (input.sectionId) {
    const found = await scoped(ctx).selectFrom('catalog_section').select('id').where('id', '=', input.sectionId).executeTakeFirst();
    if (!found) errs.push({ field: 'sectionId', message: 'catalog.section_unknown' });
  }
  const added = (input.photoFileIds ?? []).filter((f) => !current.includes(f));
  if (added.length) {
    const [own, infos] = await Promise.all([ownFileIds(ctx, added), fileInfos(ctx, added)]);
    input.photoFileIds!.forEach((f, i) => {
      if (current.includes(f)) return;
      if (!own.has(f)) errs.push({ field: `photoFileIds.${i}`, message: 'catalog.photo_unknown' });
      else if (!infos.get(f)?.mime.startsWith('image/')) errs.push({ field: `photoFileIds.${i}`, message: 'catalog.photo_not_image' });
    });
  }
  if (errs.length) throw errors.validation(errs);
}

async function setPhotos(ctx: Ctx, productId: number, fileIds: number[]): Promise<void> {
  const unique = [...new Set(fileIds)];
  await scoped(ctx).deleteFrom('catalog_product_photo').where('product_id', '=', productId).execute();
  if (unique.length)
    await scoped(ctx)
      .insertInto(
        'catalog_product_photo',
        unique.map((file_id, sort) => ({ product_id: productId, file_id, sort })),
      )
      .execute();
  // The file link lets whoever reads the catalogue open the photo.
  await setFileLinks(ctx, 'catalog.product', productId, 'photos', unique);
}

export async function createProduct(ctx: Ctx, input: ProductInput): Promise<Product> {
  await requireCatalog(ctx, 'edit');
  await checkRefs(ctx, input);
  const id = await transaction(ctx, async (tx) => {
    const now = nowIso();
    const row = await scoped(tx)
      .insertInto('catalog_product', {
        section_id: input.sectionId,
        kind: input.kind,
        name: input.name,
        sku: input.sku,
        description: input.description,
        unit: input.unit,
        price: toMinor(input.price),
        currency: input.currency,
        vat_rate: input.vatRate,
        vat_included: input.vatIncluded ? 1 : 0,
        active: input.active ? 1 : 0,
        sort: input.sort ?? 500,
        version: 1,
        created_by: ctx.actor?.userId ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const productId = Number(row.id);
    await indexProduct(tx, productId, input.name, input.sku);
    if (input.photoFileIds?.length) await setPhotos(tx, productId, input.photoFileIds);
    await recordEvent(tx, catalogProductEvents.productCreated, { entityType: 'catalog.product', entityId: productId, payload: { name: input.name } });
    return productId;
  });
  return getProduct(ctx, id);
}

const COLUMNS: Record<string, keyof ProductRow> = {
  kind: 'kind',
  name: 'name',
  sku: 'sku',
  description: 'description',
  sectionId: 'section_id',
  unit: 'unit',
  price: 'price',
  currency: 'currency',
  vatRate: 'vat_rate',
  vatIncluded: 'vat_included',
  active: 'active',
  sort: 'sort',
};

function stored(field: string, v: unknown): unknown {
  if (field === 'price') return toMinor(v as string);
  if (field === 'vatIncluded' || field === 'active') return v ? 1 : 0;
  return v;
}

export async function updateProduct(ctx: Ctx, id: number, patch: ProductPatch): Promise<Product> {
  await requireCatalog(ctx, 'edit');
  await transaction(ctx, async (tx) => {
    const before = await productRow(tx, id);
    if (before.version !== patch.version) throw errors.conflict();
    const currentPhotos = (await scoped(tx).selectFrom('catalog_product_photo').select('file_id').where('product_id', '=', id).orderBy('sort').execute()).map((p) => p.file_id);
    await checkRefs(tx, patch, currentPhotos);
    const set: Record<string, unknown> = { updated_at: nowIso() };
    const changes: Change[] = [];
    for (const [field, column] of Object.entries(COLUMNS)) {
      const v = (patch as Record<string, unknown>)[field];
      if (v === undefined) continue;
      const next = stored(field, v);
      const old = column === 'price' ? Number(before.price) : before[column];
      if (next === old) continue;
      set[column] = next;
      changes.push({ field: column, old, new: next });
    }
    const photosChanged = patch.photoFileIds !== undefined && JSON.stringify([...new Set(patch.photoFileIds)]) !== JSON.stringify(currentPhotos);
    if (photosChanged) changes.push({ field: 'photos', old: currentPhotos, new: patch.photoFileIds });
    await scoped(tx).updateVersioned('catalog_product', id, patch.version, set);
    if (set.name !== undefined || set.sku !== undefined) await indexProduct(tx, id, (set.name as string) ?? before.name, (set.sku as string) ?? before.sku);
    if (photosChanged) await setPhotos(tx, id, patch.photoFileIds!);
    if (changes.length) await recordEvent(tx, catalogProductEvents.productUpdated, { entityType: 'catalog.product', entityId: id, payload: { name: (set.name as string) ?? before.name }, changes });
  });
  return getProduct(ctx, id);
}

async function removeProducts(ctx: Ctx, ids: number[]): Promise<void> {
  await unindexProducts(ctx, ids);
  await scoped(ctx).deleteFrom('catalog_product_photo').where('product_id', 'in', ids).execute();
  await removeFileLinks(ctx, 'catalog.product', ids);
  await scoped(ctx).deleteFrom('catalog_product').where('id', 'in', ids).execute();
}

/** A product that warehouse documents name stays (switch it off instead): its stock history must keep it. */
async function usedInStore(ctx: Ctx, ids: number[]): Promise<Set<number>> {
  const rows = await scoped(ctx).selectFrom('store_document_row').select('product_id').where('product_id', 'in', ids).groupBy('product_id').execute();
  return new Set(rows.map((r) => r.product_id));
}

export async function deleteProduct(ctx: Ctx, id: number): Promise<void> {
  await requireCatalog(ctx, 'edit');
  await transaction(ctx, async (tx) => {
    const before = await productRow(tx, id);
    if ((await usedInStore(tx, [id])).size) throw errors.field('id', 'catalog.product_in_store');
    await removeProducts(tx, [id]);
    await recordEvent(tx, catalogProductEvents.productDeleted, { entityType: 'catalog.product', entityId: id, payload: { name: before.name } });
  });
}

/** Group actions over a set of ids: each id must be the portal's (an unknown one fails the whole action, naming it). */
export async function bulkProducts(ctx: Ctx, input: ProductBulk): Promise<{ count: number }> {
  await requireCatalog(ctx, 'edit');
  const ids = [...new Set(input.ids)];
  return transaction(ctx, async (tx) => {
    const found = new Set((await scoped(tx).selectFrom('catalog_product').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    const missing = input.ids.map((id, i) => ({ id, i })).filter((x) => !found.has(x.id));
    if (missing.length) throw errors.validation(missing.map((m) => ({ field: `ids.${m.i}`, message: 'catalog.product_unknown' })));
    const now = nowIso();
    if (input.action === 'activate' || input.action === 'deactivate') {
      await scoped(tx)
        .updateTable('catalog_product')
        .set((eb) => ({ active: input.action === 'activate' ? 1 : 0, updated_at: now, version: eb('version', '+', 1) }))
        .where('id', 'in', ids)
        .execute();
    } else if (input.action === 'move') {
      await checkRefs(tx, { sectionId: input.sectionId });
      await scoped(tx)
        .updateTable('catalog_product')
        .set((eb) => ({ section_id: input.sectionId, updated_at: now, version: eb('version', '+', 1) }))
        .where('id', 'in', ids)
        .execute();
    } else {
      const used = await usedInStore(tx, ids);
      if (used.size)
        throw errors.validation(
          input.ids
            .map((id, i) => ({ id, i }))
            .filter((x) => used.has(x.id))
            .map((x) => ({ field: `ids.${x.i}`, message: 'catalog.product_in_store' })),
        );
      await removeProducts(tx, ids);
    }
    await recordEvent(tx, catalogProductEvents.productsChanged, { entityType: 'catalog.product', entityId: ids[0]!, payload: { action: input.action, ids } });
    return { count: ids.length };
  });
}

/** The portal's products among `ids` (for product rows and warehouse documents: an unknown id is their 400). */
export async function existingProductIds(ctx: Ctx, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await scoped(ctx)
    .selectFrom('catalog_product')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}
