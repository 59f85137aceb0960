import { formatNumber, storeEvents, type StoreDocument } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { insertRows } from '../../../platform/db/bulk.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import { findDocument, getDocument, type DocumentRow } from './documents.js';
import { fromStored, requireStorePost } from './rights.js';
import { allowNegative } from './warehouses.js';

type Doc = NonNullable<DocumentRow>;
/** One change of one product's stock in one warehouse. */
interface Delta {
  productId: number;
  warehouseId: number;
  delta: number;
}

/** What posting the document changes: receipts add, write-offs take, a move takes from one warehouse and adds to the other. */
async function deltasOf(ctx: Ctx, doc: Doc, sign: 1 | -1): Promise<Delta[]> {
  const rows = await scoped(ctx).selectFrom('store_document_row').select(['product_id', 'quantity']).where('document_id', '=', doc.id).execute();
  const sum = new Map<string, Delta>();
  const add = (productId: number, warehouseId: number, delta: number) => {
    const key = `${productId}:${warehouseId}`;
    const d = sum.get(key) ?? { productId, warehouseId, delta: 0 };
    d.delta += delta;
    sum.set(key, d);
  };
  for (const r of rows) {
    const q = Number(r.quantity) * sign;
    if (doc.type === 'receipt') add(r.product_id, doc.warehouse_id!, q);
    else if (doc.type === 'writeoff') add(r.product_id, doc.warehouse_id!, -q);
    else {
      add(r.product_id, doc.warehouse_id!, -q);
      add(r.product_id, doc.to_warehouse_id!, q);
    }
  }
  // One fixed order (product, then warehouse) for every document: two postings lock shared rows alike and never deadlock.
  return [...sum.values()].filter((d) => d.delta !== 0).sort((a, b) => a.productId - b.productId || a.warehouseId - b.warehouseId);
}

/**
 * Adds the deltas to the stock in one statement: each row is created or incremented where it
 * stands (`quantity = quantity + delta`), under its row lock, so that two documents posted at
 * once add up and never overwrite each other. Returns the balances after.
 */
async function applyDeltas(ctx: Ctx, deltas: Delta[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < deltas.length; i += 500) {
    const chunk = deltas.slice(i, i + 500);
    const rows = await scoped(ctx)
      .insertInto(
        'store_stock',
        chunk.map((d) => ({ warehouse_id: d.warehouseId, product_id: d.productId, quantity: d.delta })),
      )
      .onConflict((oc) => oc.columns(['portal_id', 'warehouse_id', 'product_id']).doUpdateSet((eb) => ({ quantity: eb('store_stock.quantity', '+', eb.ref('excluded.quantity')) })))
      .returning(['warehouse_id', 'product_id', 'quantity'])
      .execute();
    for (const r of rows) out.set(`${r.product_id}:${r.warehouse_id}`, Number(r.quantity));
  }
  return out;
}

/** 409 naming each product whose stock would go below zero and by how much, unless the portal allows it. */
async function refuseShort(ctx: Ctx, deltas: Delta[], balances: Map<string, number>): Promise<void> {
  const short = deltas
    .map((d) => ({ ...d, after: balances.get(`${d.productId}:${d.warehouseId}`) ?? 0 }))
    .filter((d) => d.delta < 0 && d.after < 0)
    .map((d) => ({ ...d, short: Math.min(-d.after, -d.delta) }));
  if (!short.length || (await allowNegative(ctx))) return;
  const products = new Map(
    (
      await scoped(ctx)
        .selectFrom('catalog_product')
        .select(['id', 'name', 'unit'])
        .where(
          'id',
          'in',
          short.map((s) => s.productId),
        )
        .execute()
    ).map((p) => [p.id, p]),
  );
  const warehouses = new Map((await scoped(ctx).selectFrom('store_warehouse').select(['id', 'name']).execute()).map((w) => [w.id, w.name]));
  const lines = short.map((s) => {
    const p = products.get(s.productId);
    const name = short.filter((x) => x.productId === s.productId).length > 1 ? `${p?.name ?? s.productId}, ${warehouses.get(s.warehouseId) ?? ''}` : (p?.name ?? String(s.productId));
    return { ...s, text: t(ctx.lang, 'store.stock_short_row', { name, short: formatNumber(String(fromStored(s.short)), ctx.lang), unit: p?.unit ?? '' }).trim() };
  });
  throw new AppError(
    409,
    'stock_short',
    'store.stock_short',
    { list: lines.map((l) => l.text).join('; ') },
    lines.map((l) => ({ field: `products.${l.productId}`, message: l.text })),
  );
}

/** The movements are stamped `at`, the time the document's status changes: the history tells a cancellation's reversal by it. */
async function moveStock(ctx: Ctx, doc: Doc, sign: 1 | -1, at: string): Promise<number> {
  const deltas = await deltasOf(ctx, doc, sign);
  const balances = await applyDeltas(ctx, deltas);
  await refuseShort(ctx, deltas, balances);
  const rows = deltas.map((d) => [ctx.portal.id, d.productId, d.warehouseId, doc.id, d.delta, balances.get(`${d.productId}:${d.warehouseId}`) ?? 0, at]);
  for (let i = 0; i < rows.length; i += 500) {
    await insertRows(ctx, 'store_movement', ['portal_id', 'product_id', 'warehouse_id', 'document_id', 'delta', 'balance', 'created_at'], rows.slice(i, i + 500));
  }
  return deltas.length;
}

/** «Провести»: the stock changes by the rows in the same transaction as the status; short stock refuses it whole. */
export async function postDocument(ctx: Ctx, id: number, version: number): Promise<StoreDocument> {
  await requireStorePost(ctx);
  await transaction(ctx, async (tx) => {
    const doc = await findDocument(tx, id, true);
    if (!doc) throw errors.notFound();
    if (doc.status === 'posted') throw new AppError(409, 'already_posted', 'store.already_posted');
    if (doc.status !== 'draft') throw new AppError(409, 'not_draft', 'store.not_draft');
    if (doc.version !== version) throw errors.conflict();
    const count = await scoped(tx).selectFrom('store_document_row').select('id').where('document_id', '=', id).limit(1).execute();
    if (!count.length) throw errors.field('rows', 'store.rows_empty');
    const at = nowIso();
    const movements = await moveStock(tx, doc, 1, at);
    await scoped(tx).updateVersioned('store_document', id, version, { status: 'posted', posted_at: at, posted_by: tx.actor?.userId ?? null, updated_at: at });
    await recordEvent(tx, storeEvents.documentPosted, {
      entityType: 'store_document',
      entityId: id,
      payload: { type: doc.type, number: doc.number, movements },
      changes: [{ field: 'status', old: 'draft', new: 'posted' }],
    });
  });
  return getDocument(ctx, id);
}

/** «Отменить проведение»: the stock goes back, unless that would leave it below zero (goods already written off). */
export async function cancelDocument(ctx: Ctx, id: number, version: number): Promise<StoreDocument> {
  await requireStorePost(ctx);
  await transaction(ctx, async (tx) => {
    const doc = await findDocument(tx, id, true);
    if (!doc) throw errors.notFound();
    if (doc.status !== 'posted') throw new AppError(409, 'not_posted', 'store.not_posted');
    if (doc.version !== version) throw errors.conflict();
    const at = nowIso();
    const movements = await moveStock(tx, doc, -1, at);
    await scoped(tx).updateVersioned('store_document', id, version, { status: 'cancelled', cancelled_at: at, cancelled_by: tx.actor?.userId ?? null, updated_at: at });
    await recordEvent(tx, storeEvents.documentCancelled, {
      entityType: 'store_document',
      entityId: id,
      payload: { type: doc.type, number: doc.number, movements },
      changes: [{ field: 'status', old: 'posted', new: 'cancelled' }],
    });
  });
  return getDocument(ctx, id);
}
