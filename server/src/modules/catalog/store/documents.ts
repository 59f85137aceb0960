import {
  fromMinor,
  storeEvents,
  toMinor,
  type StoreDocument,
  type StoreDocumentBrief,
  type StoreDocumentInput,
  type StoreDocumentList,
  type StoreDocumentPatch,
  type StoreDocumentQuery,
} from '@vavilon/contracts';
import { sql } from 'kysely';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { existingUserIds, userRefs } from '../../users/api.js';
import { fromStored, requireStorePost, requireStoreRead, storeRights, toStored } from './rights.js';

export type DocumentRow = Awaited<ReturnType<typeof findDocument>> & {};

export function findDocument(ctx: Ctx, id: number, lock = false) {
  const q = scoped(ctx).selectFrom('store_document').selectAll().where('id', '=', id);
  return (lock ? lockForUpdate(ctx, q) : q).executeTakeFirst();
}

const today = () => nowIso().slice(0, 10);

/** The warehouses, responsible and products a document names, checked against the portal: 400 with the field for each unknown one. */
async function checkReferences(
  ctx: Ctx,
  type: StoreDocumentInput['type'],
  head: { warehouseId: number; toWarehouseId: number | null; responsibleId?: number | null },
  rows: StoreDocumentInput['rows'],
): Promise<void> {
  const fields: FieldError[] = [];
  const whIds = [head.warehouseId, ...(head.toWarehouseId ? [head.toWarehouseId] : [])];
  const known = new Set((await scoped(ctx).selectFrom('store_warehouse').select('id').where('id', 'in', whIds).execute()).map((w) => w.id));
  if (!known.has(head.warehouseId)) fields.push({ field: 'warehouseId', message: 'store.warehouse_unknown' });
  if (type === 'move') {
    if (!head.toWarehouseId) fields.push({ field: 'toWarehouseId', message: 'store.warehouse_to_required' });
    else if (!known.has(head.toWarehouseId)) fields.push({ field: 'toWarehouseId', message: 'store.warehouse_unknown' });
    else if (head.toWarehouseId === head.warehouseId) fields.push({ field: 'toWarehouseId', message: 'store.warehouse_same' });
  } else if (head.toWarehouseId) fields.push({ field: 'toWarehouseId', message: 'store.warehouse_to_unexpected' });
  if (head.responsibleId) {
    if (!(await existingUserIds(ctx, [head.responsibleId])).size) fields.push({ field: 'responsibleId', message: 'store.responsible_unknown' });
  }
  if (rows?.length) {
    const ids = [...new Set(rows.map((r) => r.productId))];
    const products = new Map((await scoped(ctx).selectFrom('catalog_product').select(['id', 'kind']).where('id', 'in', ids).execute()).map((p) => [p.id, p.kind]));
    rows.forEach((r, i) => {
      const kind = products.get(r.productId);
      if (!kind) fields.push({ field: `rows.${i}.productId`, message: 'store.product_unknown' });
      else if (kind === 'service') fields.push({ field: `rows.${i}.productId`, message: 'store.product_service' });
    });
  }
  if (fields.length) throw errors.validation(fields);
}

async function writeRows(ctx: Ctx, documentId: number, rows: NonNullable<StoreDocumentInput['rows']>): Promise<void> {
  await scoped(ctx).deleteFrom('store_document_row').where('document_id', '=', documentId).execute();
  if (!rows.length) return;
  await scoped(ctx)
    .insertInto(
      'store_document_row',
      rows.map((r, i) => ({ document_id: documentId, product_id: r.productId, quantity: toStored(r.quantity), price: toMinor(r.price ?? '0'), sort: (i + 1) * 10 })),
    )
    .execute();
}

/** The next number of a type: the portal's settings row is locked meanwhile, so two documents never take one number. */
async function nextNumber(ctx: Ctx, type: StoreDocumentInput['type']): Promise<number> {
  await scoped(ctx)
    .insertInto('store_settings', { allow_negative: 0 })
    .onConflict((oc) => oc.column('portal_id').doNothing())
    .execute();
  await lockForUpdate(ctx, scoped(ctx).selectFrom('store_settings').select('portal_id')).executeTakeFirst();
  const last = await scoped(ctx)
    .selectFrom('store_document')
    .select(({ fn }) => fn.max('number').as('m'))
    .where('type', '=', type)
    .executeTakeFirst();
  return Number(last?.m ?? 0) + 1;
}

export async function createDocument(ctx: Ctx, input: StoreDocumentInput): Promise<StoreDocument> {
  await requireStorePost(ctx);
  const id = await transaction(ctx, async (tx) => {
    await checkReferences(tx, input.type, { warehouseId: input.warehouseId, toWarehouseId: input.toWarehouseId ?? null, responsibleId: input.responsibleId }, input.rows);
    const number = await nextNumber(tx, input.type);
    const at = nowIso();
    const row = await scoped(tx)
      .insertInto('store_document', {
        number,
        type: input.type,
        status: 'draft',
        warehouse_id: input.warehouseId,
        to_warehouse_id: input.type === 'move' ? (input.toWarehouseId ?? null) : null,
        doc_date: input.docDate ?? today(),
        comment: input.comment ?? '',
        responsible_id: input.responsibleId === undefined ? (ctx.actor?.userId ?? null) : input.responsibleId,
        created_by: ctx.actor?.userId ?? null,
        posted_at: null,
        posted_by: null,
        cancelled_at: null,
        cancelled_by: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeRows(tx, row.id, input.rows ?? []);
    await recordEvent(tx, storeEvents.documentCreated, { entityType: 'store_document', entityId: row.id, payload: { type: input.type, number } });
    return row.id;
  });
  return getDocument(ctx, id);
}

/** A draft's head and rows change; a posted or cancelled document stays as it was. */
export async function updateDocument(ctx: Ctx, id: number, patch: StoreDocumentPatch): Promise<StoreDocument> {
  await requireStorePost(ctx);
  await transaction(ctx, async (tx) => {
    const doc = await findDocument(tx, id, true);
    if (!doc) throw errors.notFound();
    if (doc.version !== patch.version) throw errors.conflict();
    if (doc.status !== 'draft') throw new AppError(409, 'not_draft', 'store.not_draft');
    const head = {
      warehouseId: patch.warehouseId ?? doc.warehouse_id!,
      toWarehouseId: patch.toWarehouseId === undefined ? doc.to_warehouse_id : patch.toWarehouseId,
      responsibleId: patch.responsibleId,
    };
    await checkReferences(tx, doc.type, head, patch.rows);
    const set: Record<string, unknown> = { updated_at: nowIso(), warehouse_id: head.warehouseId, to_warehouse_id: head.toWarehouseId };
    if (patch.docDate !== undefined) set.doc_date = patch.docDate;
    if (patch.comment !== undefined) set.comment = patch.comment;
    if (patch.responsibleId !== undefined) set.responsible_id = patch.responsibleId;
    await scoped(tx).updateVersioned('store_document', id, patch.version, set);
    if (patch.rows) await writeRows(tx, id, patch.rows);
    await recordEvent(tx, storeEvents.documentUpdated, { entityType: 'store_document', entityId: id, payload: { type: doc.type, number: doc.number } });
  });
  return getDocument(ctx, id);
}

/** A draft or a cancelled document may go; a posted one is cancelled first. */
export async function deleteDocument(ctx: Ctx, id: number): Promise<void> {
  await requireStorePost(ctx);
  await transaction(ctx, async (tx) => {
    const doc = await findDocument(tx, id, true);
    if (!doc) throw errors.notFound();
    if (doc.status === 'posted') throw new AppError(409, 'document_posted', 'store.delete_posted');
    if (doc.status === 'cancelled') {
      // Its movements stay in the products' history: the document is kept as their source.
      throw new AppError(409, 'document_posted', 'store.not_draft');
    }
    await scoped(tx).deleteFrom('store_document_row').where('document_id', '=', id).execute();
    await scoped(tx).deleteFrom('store_document').where('id', '=', id).execute();
    await recordEvent(tx, storeEvents.documentDeleted, { entityType: 'store_document', entityId: id, payload: { type: doc.type, number: doc.number } });
  });
}

const sumOf = (quantity: number, price: number) => Math.round((Number(quantity) * Number(price)) / 1000);

export async function getDocument(ctx: Ctx, id: number): Promise<StoreDocument> {
  await requireStoreRead(ctx);
  const doc = await findDocument(ctx, id);
  if (!doc) throw errors.notFound();
  const [rows, names, user, rights] = await Promise.all([
    scoped(ctx)
      .selectFrom('store_document_row')
      .leftJoin('catalog_product', (j) => j.onRef('catalog_product.id', '=', 'store_document_row.product_id').onRef('catalog_product.portal_id', '=', 'store_document_row.portal_id'))
      .select([
        'store_document_row.id',
        'store_document_row.product_id',
        'store_document_row.quantity',
        'store_document_row.price',
        'catalog_product.name',
        'catalog_product.sku',
        'catalog_product.unit',
      ])
      .where('store_document_row.document_id', '=', id)
      .orderBy('store_document_row.sort')
      .orderBy('store_document_row.id')
      .execute(),
    warehouseNames(ctx, [doc.warehouse_id, doc.to_warehouse_id]),
    userRefs(ctx, [doc.responsible_id]),
    storeRights(ctx),
  ]);
  const total = rows.reduce((s, r) => s + sumOf(r.quantity, r.price), 0);
  return {
    ...head(doc, names, rows.length, total),
    responsibleId: doc.responsible_id,
    responsibleName: doc.responsible_id ? (user.get(doc.responsible_id)?.fullName ?? null) : null,
    version: doc.version,
    rows: rows.map((r) => ({
      id: r.id,
      productId: r.product_id,
      productName: r.name ?? '',
      sku: r.sku ?? '',
      unit: r.unit ?? '',
      quantity: fromStored(r.quantity),
      price: fromMinor(Number(r.price)),
      sum: fromMinor(sumOf(r.quantity, r.price)),
    })),
    can: {
      edit: rights.post && doc.status === 'draft',
      post: rights.post && doc.status === 'draft',
      cancel: rights.post && doc.status === 'posted',
      delete: rights.post && doc.status === 'draft',
    },
  };
}

async function warehouseNames(ctx: Ctx, ids: (number | null)[]): Promise<Map<number, string>> {
  const list = [...new Set(ids.filter((x): x is number => x !== null))];
  if (!list.length) return new Map();
  const rows = await scoped(ctx).selectFrom('store_warehouse').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((w) => [w.id, w.name]));
}

type HeadRow = NonNullable<DocumentRow>;

function head(doc: HeadRow, names: Map<number, string>, rowsCount: number, total: number): StoreDocumentBrief {
  return {
    id: doc.id,
    number: doc.number,
    type: doc.type,
    status: doc.status,
    warehouseId: doc.warehouse_id,
    warehouseName: doc.warehouse_id ? (names.get(doc.warehouse_id) ?? null) : null,
    toWarehouseId: doc.to_warehouse_id,
    toWarehouseName: doc.to_warehouse_id ? (names.get(doc.to_warehouse_id) ?? null) : null,
    docDate: doc.doc_date,
    comment: doc.comment,
    rowsCount,
    total: fromMinor(total),
    postedAt: doc.posted_at,
    cancelledAt: doc.cancelled_at,
    createdAt: doc.created_at,
  };
}

/** Newest first, filtered by type, status, warehouse (either side of a move) and date. */
export async function listDocuments(ctx: Ctx, q: StoreDocumentQuery): Promise<StoreDocumentList> {
  await requireStoreRead(ctx);
  let base = scoped(ctx).selectFrom('store_document');
  if (q.type) base = base.where('type', '=', q.type);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.warehouseId) {
    const w = q.warehouseId;
    base = base.where((eb) => eb.or([eb('warehouse_id', '=', w), eb('to_warehouse_id', '=', w)]));
  }
  if (q.from) base = base.where('doc_date', '>=', q.from);
  if (q.to) base = base.where('doc_date', '<=', q.to);
  const [count, docs, rights] = await Promise.all([
    base.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .selectAll()
      .orderBy('doc_date', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    storeRights(ctx),
  ]);
  const ids = docs.map((d) => d.id);
  const sums = ids.length
    ? await scoped(ctx)
        .selectFrom('store_document_row')
        .select(['document_id', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(round(cast(quantity as numeric) * price / 1000.0))`.as('total')])
        .where('document_id', 'in', ids)
        .groupBy('document_id')
        .execute()
    : [];
  const byDoc = new Map(sums.map((s) => [s.document_id, s]));
  const names = await warehouseNames(
    ctx,
    docs.flatMap((d) => [d.warehouse_id, d.to_warehouse_id]),
  );
  return {
    items: docs.map((d) => head(d, names, Number(byDoc.get(d.id)?.n ?? 0), Number(byDoc.get(d.id)?.total ?? 0))),
    total: Number(count?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
    can: { post: rights.post },
  };
}
