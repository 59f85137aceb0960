import type { MovementList, MovementQuery, StockList, StockQuery } from '@vavilon/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { likeInsensitive } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { fromStored, requireStoreRead } from './rights.js';
import { toWarehouse, warehouseRows } from './warehouses.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The stock table: each product that has been in a warehouse, by name, with its total and each
 * warehouse's part; narrowed to one product, to what one warehouse holds, or by name and SKU.
 * Products are walked in name order and kept when they have stock (the name index and the
 * stock's product index), so a page costs its own rows, not the whole stock. The whole count
 * is given when narrowed by product or text; over every product the page says whether more follow.
 */
export async function listStock(ctx: Ctx, q: StockQuery): Promise<StockList> {
  await requireStoreRead(ctx);
  const portalId = ctx.portal.id;
  let base = scoped(ctx)
    .selectFrom('catalog_product')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('store_stock')
          .select(sql`1`.as('x'))
          .where('store_stock.portal_id', '=', portalId)
          .whereRef('store_stock.product_id', '=', 'catalog_product.id')
          .$if(q.warehouseId !== undefined, (w) => w.where('store_stock.warehouse_id', '=', q.warehouseId!).where('store_stock.quantity', '!=', 0)),
      ),
    );
  if (q.productId) base = base.where('catalog_product.id', '=', q.productId);
  if (q.q) {
    const like = likeInsensitive(ctx.sys.dialect);
    const pattern = `%${escapeLike(q.q)}%`;
    base = base.where((eb) => eb.or([eb(sql`catalog_product.name`, like, sql`${pattern} escape '\\'`), eb(sql`catalog_product.sku`, like, sql`${pattern} escape '\\'`)]));
  }
  const counted = Boolean(q.productId || q.q);
  const [count, found, warehouses] = await Promise.all([
    counted ? base.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirst() : undefined,
    base
      .select(['catalog_product.id', 'catalog_product.name', 'catalog_product.sku', 'catalog_product.unit'])
      .orderBy('catalog_product.name')
      .orderBy('catalog_product.id')
      .limit(q.pageSize + 1)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    warehouseRows(ctx),
  ]);
  const page = found.slice(0, q.pageSize);
  const ids = page.map((p) => p.id);
  const parts = ids.length ? await scoped(ctx).selectFrom('store_stock').select(['product_id', 'warehouse_id', 'quantity']).where('product_id', 'in', ids).execute() : [];
  const byProduct = new Map<number, Record<string, number>>();
  for (const s of parts) {
    const m = byProduct.get(s.product_id) ?? {};
    m[String(s.warehouse_id)] = fromStored(s.quantity);
    byProduct.set(s.product_id, m);
  }
  return {
    items: page.map((p) => {
      const byWarehouse = byProduct.get(p.id) ?? {};
      return {
        product: { id: p.id, name: p.name, sku: p.sku, unit: p.unit },
        total: q.warehouseId ? (byWarehouse[String(q.warehouseId)] ?? 0) : Object.values(byWarehouse).reduce((a, b) => Math.round((a + b) * 1000) / 1000, 0),
        byWarehouse,
      };
    }),
    total: count ? Number(count.n) : null,
    hasMore: found.length > q.pageSize,
    page: q.page,
    pageSize: q.pageSize,
    warehouses: warehouses.map(toWarehouse),
  };
}

/** A product's stock history, newest first, a page at a time (keyset on the movement's id). */
export async function productMovements(ctx: Ctx, productId: number, q: MovementQuery): Promise<MovementList> {
  await requireStoreRead(ctx);
  const product = await scoped(ctx).selectFrom('catalog_product').select(['id', 'name', 'sku', 'unit']).where('id', '=', productId).executeTakeFirst();
  if (!product) throw errors.notFound();
  let base = scoped(ctx)
    .selectFrom('store_movement')
    .innerJoin('store_document', (j) => j.onRef('store_document.id', '=', 'store_movement.document_id').onRef('store_document.portal_id', '=', 'store_movement.portal_id'))
    .leftJoin('store_warehouse', (j) => j.onRef('store_warehouse.id', '=', 'store_movement.warehouse_id').onRef('store_warehouse.portal_id', '=', 'store_movement.portal_id'))
    .where('store_movement.product_id', '=', productId);
  if (q.warehouseId) base = base.where('store_movement.warehouse_id', '=', q.warehouseId);
  if (q.before) base = base.where('store_movement.id', '<', q.before);
  const [rows, stock] = await Promise.all([
    base
      .select([
        'store_movement.id',
        'store_movement.created_at',
        'store_movement.warehouse_id',
        'store_warehouse.name as warehouse_name',
        'store_movement.document_id',
        'store_document.type',
        'store_document.number',
        'store_document.status',
        'store_document.cancelled_at',
        'store_movement.delta',
        'store_movement.balance',
      ])
      .orderBy('store_movement.id', 'desc')
      .limit(q.limit + 1)
      .execute(),
    scoped(ctx).selectFrom('store_stock').select(['warehouse_id', 'quantity']).where('product_id', '=', productId).execute(),
  ]);
  const items = rows.slice(0, q.limit).map((m) => {
    const delta = Number(m.delta);
    // A cancelled document's second movement is its reversal: the one written at the cancellation.
    const reversal = m.status === 'cancelled' && m.cancelled_at !== null && m.created_at >= m.cancelled_at;
    return {
      id: Number(m.id),
      at: m.created_at,
      warehouseId: m.warehouse_id,
      warehouseName: m.warehouse_name ?? '',
      documentId: m.document_id,
      documentType: m.type,
      documentNumber: m.number,
      reversal,
      delta: fromStored(delta),
      balance: fromStored(m.balance),
    };
  });
  return {
    product,
    stock: Object.fromEntries(stock.map((s) => [String(s.warehouse_id), fromStored(s.quantity)])),
    items,
    next: rows.length > q.limit ? items.at(-1)!.id : null,
  };
}
