import { sql } from 'kysely';
import { SECRET, versionOf, type Fixture, type RouteSamples } from '../../../../test/security/sample-kit.js';
import type { Agent } from '../../../../test/harness.js';

/** A warehouse and a product of the fixture's portal (a product written straight into the catalogue when it has none). */
async function refs(fx: Fixture): Promise<{ warehouseId: number; productId: number }> {
  const db = fx.t.platform.db;
  const portal = fx.p.portal.id;
  const product = await sql<{ id: number }>`select id from catalog_product where portal_id = ${portal} and kind = 'product' order by id limit 1`.execute(db);
  const warehouse = await sql<{ id: number }>`select id from store_warehouse where portal_id = ${portal} order by id limit 1`.execute(db);
  return { warehouseId: Number(warehouse.rows[0]?.id ?? 1), productId: Number(product.rows[0]?.id ?? 1) };
}

const draftOf = async (fx: Fixture) => {
  const id = fx.ids.store_document?.[0] ?? 1;
  return { id, version: await versionOf(fx.t, 'store_document', id) };
};

/** Warehouses' routes: documents name real warehouses and products of the portal. */
export const storeRouteSamples: RouteSamples = {
  samples: {
    'POST /api/crm/store/documents': async (fx) => {
      const { warehouseId, productId } = await refs(fx);
      return { body: { type: 'receipt', warehouseId, comment: SECRET, rows: [{ productId, quantity: 2, price: '10.50' }] } };
    },
    'PATCH /api/crm/store/documents/:id': async (fx) => {
      const { productId } = await refs(fx);
      const d = await draftOf(fx);
      return { params: { id: d.id }, body: { version: d.version, comment: SECRET, rows: [{ productId, quantity: 1.5, price: '3' }] } };
    },
    'POST /api/crm/store/documents/:id/post': async (fx) => {
      const d = await draftOf(fx);
      return { params: { id: d.id }, body: { version: d.version } };
    },
    'POST /api/crm/store/documents/:id/cancel': async (fx) => {
      const d = await draftOf(fx);
      return { params: { id: d.id }, body: { version: d.version } };
    },
  },
  creators: {
    // The catalogue's own routes are another part's; the store's routes need a product to name.
    catalog_product: async (fx) => {
      const at = new Date().toISOString();
      await sql`insert into catalog_product (portal_id, kind, name, sku, description, unit, price, currency, vat_included, active, sort, version, created_at, updated_at)
        values (${fx.p.portal.id}, 'product', ${SECRET}, ${'SKU-' + SECRET}, '', 'шт', 10000, 'RUB', 1, 1, 500, 1, ${at}, ${at})`.execute(fx.t.platform.db);
    },
    store_document: async (fx, admin: Agent) => {
      let { warehouseId } = await refs(fx);
      if (!fx.ids.store_warehouse?.length) warehouseId = (await admin.post('/api/crm/store/warehouses', { name: SECRET })).json().id;
      if (!fx.ids.catalog_product?.length) await storeRouteSamples.creators!.catalog_product!(fx, admin, []);
      const { productId } = await refs(fx);
      await admin.post('/api/crm/store/documents', { type: 'receipt', warehouseId, comment: SECRET, rows: [{ productId, quantity: 5, price: '1.00' }] });
    },
  },
};
