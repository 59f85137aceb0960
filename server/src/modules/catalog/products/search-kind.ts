import { catalogProductEvents } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { SearchKind } from '../../../platform/registry/registry.js';
import { scoped } from '../../../platform/db/scoped.js';
import { plainText } from '../../../platform/rich-text.js';
import { catalogRights } from '../rights.js';
import { idsAfter } from '../../search/api.js';

/** The products of a section (`null`: those in no section). */
async function productsIn(ctx: Ctx, sectionId: number | null): Promise<number[]> {
  const q = scoped(ctx).selectFrom('catalog_product').select('id');
  const rows = await (sectionId === null ? q.where('section_id', 'is', null) : q.where('section_id', '=', sectionId)).execute();
  return rows.map((r) => r.id);
}

/**
 * Products and services of the catalogue in the portal search, by their name, SKU, description
 * and section; found by whoever may open the catalogue (its right «read» or above).
 */
export const productsSearch: SearchKind = {
  kind: 'products',
  title: { ru: 'Товары', en: 'Products' },
  module: 'crm',
  order: 35,
  entityType: 'catalog.product',
  async documents(ctx, ids) {
    const rows = await scoped(ctx)
      .selectFrom('catalog_product')
      .leftJoin('catalog_section', (j) => j.onRef('catalog_section.id', '=', 'catalog_product.section_id').on('catalog_section.portal_id', '=', ctx.portal.id))
      .select([
        'catalog_product.id',
        'catalog_product.name',
        'catalog_product.sku',
        'catalog_product.kind',
        'catalog_product.description',
        'catalog_product.created_by',
        'catalog_product.created_at',
        'catalog_section.name as section',
      ])
      .where('catalog_product.id', 'in', ids)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.name,
      subtitle: [r.kind === 'service' ? 'Услуга' : 'Товар', r.sku, r.section].filter(Boolean).join(' · '),
      body: [r.sku, plainText(r.description), r.section].filter(Boolean).join(' '),
      url: `/crm/catalog?product=${r.id}`,
      authorId: r.created_by,
      date: r.created_at,
    }));
  },
  ids: idsAfter('catalog_product'),
  readable: async (ctx) => (ctx.actor && (await catalogRights(ctx)).catalog !== 'none' ? 'all' : 'none'),
  touchedBy: {
    events: [catalogProductEvents.productsChanged, catalogProductEvents.sectionUpdated, catalogProductEvents.sectionDeleted],
    async ids(ctx, e) {
      // A group action names its products; a section renamed, its products; a section deleted, the products moved up to its parent.
      if (e.type === catalogProductEvents.productsChanged.name) return ((e.payload as { ids?: number[] }).ids ?? []).map(Number);
      if (e.type === catalogProductEvents.sectionUpdated.name) return productsIn(ctx, Number(e.entityId));
      return productsIn(ctx, (e.payload as { parentId?: number | null }).parentId ?? null);
    },
  },
};
