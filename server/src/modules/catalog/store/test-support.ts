import { scoped } from '../../../platform/db/scoped.js';
import { nowIso } from '../../../platform/db/database.js';
import type { TestApp } from '../../../../test/harness.js';

/** Products of a test portal, written straight into the catalogue (its routes are another part's). */
export async function addProducts(t: TestApp, portalId: number, products: { name: string; unit?: string; kind?: 'product' | 'service'; sku?: string }[]): Promise<number[]> {
  const at = nowIso();
  const ctx = { db: t.platform.db, portal: { id: portalId, name: '', title: '' } };
  const rows = await scoped(ctx)
    .insertInto(
      'catalog_product',
      products.map((p, i) => ({
        section_id: null,
        kind: p.kind ?? 'product',
        name: p.name,
        sku: p.sku ?? `SKU-${i + 1}`,
        description: '',
        unit: p.unit ?? 'шт',
        price: 10000,
        currency: 'RUB',
        vat_rate: 20,
        vat_included: 1,
        active: 1,
        sort: 500,
        version: 1,
        created_by: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
