import { storeEvents, type Warehouse, type WarehouseInput, type WarehouseList, type WarehousePatch } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { diff, recordEvent } from '../../../platform/events/outbox.js';
import { requireStorePost, requireStoreRead, storeRights } from './rights.js';

type WarehouseRow = { id: number; name: string; address: string; active: number; is_default: number; sort: number };

export const toWarehouse = (w: WarehouseRow): Warehouse => ({ id: w.id, name: w.name, address: w.address, active: !!w.active, isDefault: !!w.is_default, sort: w.sort });

export async function warehouseRows(ctx: Ctx): Promise<WarehouseRow[]> {
  return scoped(ctx).selectFrom('store_warehouse').select(['id', 'name', 'address', 'active', 'is_default', 'sort']).orderBy('sort').orderBy('id').execute();
}

export async function allowNegative(ctx: Ctx): Promise<boolean> {
  const row = await scoped(ctx).selectFrom('store_settings').select('allow_negative').executeTakeFirst();
  return !!row?.allow_negative;
}

export async function listWarehouses(ctx: Ctx): Promise<WarehouseList> {
  await requireStoreRead(ctx);
  const [rows, negative, rights] = await Promise.all([warehouseRows(ctx), allowNegative(ctx), storeRights(ctx)]);
  return { items: rows.map(toWarehouse), settings: { allowNegative: negative }, can: { post: rights.post, settings: ctx.actor?.role === 'admin' } };
}

async function findWarehouse(ctx: Ctx, id: number) {
  return scoped(ctx).selectFrom('store_warehouse').select(['id', 'name', 'address', 'active', 'is_default', 'sort']).where('id', '=', id).executeTakeFirst();
}

export async function getWarehouse(ctx: Ctx, id: number): Promise<Warehouse> {
  await requireStoreRead(ctx);
  const w = await findWarehouse(ctx, id);
  if (!w) throw errors.notFound();
  return toWarehouse(w);
}

/** One default warehouse at most: naming a new one takes the mark off the others. */
async function clearDefault(ctx: Ctx, except: number): Promise<void> {
  await scoped(ctx).updateTable('store_warehouse').set({ is_default: 0 }).where('id', '!=', except).where('is_default', '=', 1).execute();
}

export async function createWarehouse(ctx: Ctx, input: WarehouseInput): Promise<Warehouse> {
  await requireStorePost(ctx);
  const id = await transaction(ctx, async (tx) => {
    const last = await scoped(tx)
      .selectFrom('store_warehouse')
      .select(({ fn }) => fn.max('sort').as('m'))
      .executeTakeFirst();
    const row = await scoped(tx)
      .insertInto('store_warehouse', {
        name: input.name,
        address: input.address ?? '',
        active: input.active === false ? 0 : 1,
        is_default: input.isDefault ? 1 : 0,
        sort: input.sort ?? Number(last?.m ?? 0) + 10,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.isDefault) await clearDefault(tx, row.id);
    await recordEvent(tx, storeEvents.warehouseCreated, { entityType: 'store_warehouse', entityId: row.id, payload: { name: input.name } });
    return row.id;
  });
  return getWarehouse(ctx, id);
}

export async function updateWarehouse(ctx: Ctx, id: number, patch: WarehousePatch): Promise<Warehouse> {
  await requireStorePost(ctx);
  await transaction(ctx, async (tx) => {
    const before = await lockForUpdate(tx, scoped(tx).selectFrom('store_warehouse').selectAll().where('id', '=', id)).executeTakeFirst();
    if (!before) throw errors.notFound();
    const set: { name?: string; address?: string; active?: number; is_default?: number; sort?: number } = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.address !== undefined) set.address = patch.address;
    if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
    if (patch.isDefault !== undefined) set.is_default = patch.isDefault ? 1 : 0;
    if (patch.sort !== undefined) set.sort = patch.sort;
    const changes = diff(before as unknown as Record<string, unknown>, set, Object.keys(set) as never[]);
    if (!changes.length) return;
    await scoped(tx).updateTable('store_warehouse').set(set).where('id', '=', id).execute();
    if (patch.isDefault) await clearDefault(tx, id);
    await recordEvent(tx, storeEvents.warehouseUpdated, { entityType: 'store_warehouse', entityId: id, changes });
  });
  return getWarehouse(ctx, id);
}

/** A warehouse no document names and that holds nothing goes; one in use is kept (made inactive instead). */
export async function deleteWarehouse(ctx: Ctx, id: number): Promise<void> {
  await requireStorePost(ctx);
  await transaction(ctx, async (tx) => {
    const w = await lockForUpdate(tx, scoped(tx).selectFrom('store_warehouse').select(['id', 'name']).where('id', '=', id)).executeTakeFirst();
    if (!w) throw errors.notFound();
    const doc = await scoped(tx)
      .selectFrom('store_document')
      .select('id')
      .where((eb) => eb.or([eb('warehouse_id', '=', id), eb('to_warehouse_id', '=', id)]))
      .limit(1)
      .executeTakeFirst();
    const stock = await scoped(tx).selectFrom('store_stock').select('product_id').where('warehouse_id', '=', id).where('quantity', '!=', 0).limit(1).executeTakeFirst();
    if (doc || stock) throw new AppError(409, 'warehouse_in_use', 'store.warehouse_in_use');
    await scoped(tx).deleteFrom('store_stock').where('warehouse_id', '=', id).execute();
    await scoped(tx).deleteFrom('store_warehouse').where('id', '=', id).execute();
    await recordEvent(tx, storeEvents.warehouseDeleted, { entityType: 'store_warehouse', entityId: id, payload: { name: w.name } });
  });
}

/** «Разрешить отрицательные остатки»: the portal's administrators decide. */
export async function updateSettings(ctx: Ctx, input: { allowNegative: boolean }): Promise<{ allowNegative: boolean }> {
  if (ctx.actor?.role !== 'admin') throw errors.forbidden();
  await transaction(ctx, async (tx) => {
    const value = input.allowNegative ? 1 : 0;
    await scoped(tx)
      .insertInto('store_settings', { allow_negative: value })
      .onConflict((oc) => oc.column('portal_id').doUpdateSet({ allow_negative: value }))
      .execute();
    await recordEvent(tx, storeEvents.settingsUpdated, { entityType: 'store_settings', entityId: ctx.portal.id, payload: { allowNegative: input.allowNegative } });
  });
  return { allowNegative: input.allowNegative };
}
