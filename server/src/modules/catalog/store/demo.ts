import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { DemoSeed } from '../../../platform/registry/registry.js';
import { createDocument } from './documents.js';
import { postDocument } from './posting.js';
import { createWarehouse } from './warehouses.js';

/**
 * The demo's warehouses: «Основной склад», «Склад типографии», «Шоурум», with receipts of the
 * demo catalogue's goods (the products part seeds it first), a write-off, a move and a draft.
 */
export async function seedStoreDemo(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const main = await createWarehouse(ctx, { name: 'Основной склад', address: 'Москва, ул. Складская, 12', isDefault: true });
  const print = await createWarehouse(ctx, { name: 'Склад типографии', address: 'Москва, Полиграфический пр., 3' });
  const showroom = await createWarehouse(ctx, { name: 'Шоурум', address: 'Москва, Тверская ул., 7' });
  const goods = await scoped(ctx).selectFrom('catalog_product').select(['id', 'price']).where('kind', '=', 'product').where('active', '=', 1).orderBy('id').limit(12).execute();
  if (!goods.length) return;
  const responsibleId = seed.users.admin ?? null;
  const price = (p: { price: number }) => (Math.round(Number(p.price) * 0.6) / 100).toFixed(2);
  const posted = async (input: Parameters<typeof createDocument>[1]) => {
    const doc = await createDocument(ctx, { ...input, responsibleId });
    return postDocument(ctx, doc.id, doc.version);
  };
  const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  await posted({
    type: 'receipt',
    warehouseId: main.id,
    docDate: day(20),
    comment: 'Поставка от ООО «Бумага и краски»',
    rows: goods.map((p, i) => ({ productId: p.id, quantity: 50 + i * 10, price: price(p) })),
  });
  await posted({
    type: 'receipt',
    warehouseId: print.id,
    docDate: day(14),
    comment: 'Материалы для типографии',
    rows: goods.slice(0, 6).map((p, i) => ({ productId: p.id, quantity: 20 + i * 5, price: price(p) })),
  });
  await posted({ type: 'writeoff', warehouseId: print.id, docDate: day(7), comment: 'Брак при печати', rows: goods.slice(0, 2).map((p) => ({ productId: p.id, quantity: 3 })) });
  await posted({
    type: 'move',
    warehouseId: main.id,
    toWarehouseId: showroom.id,
    docDate: day(3),
    comment: 'Образцы для шоурума',
    rows: goods.slice(0, 4).map((p) => ({ productId: p.id, quantity: 5 })),
  });
  await createDocument(ctx, {
    type: 'receipt',
    warehouseId: main.id,
    comment: 'Ожидаемая поставка',
    responsibleId,
    rows: goods.slice(0, 3).map((p) => ({ productId: p.id, quantity: 25, price: price(p) })),
  });
}
