import type { Ctx } from '../../platform/context.js';

/**
 * What the actor may do in «Товары и склады», by their CRM roles: the catalogue (`read` sees it,
 * `edit` changes products and sections, imports them) and the warehouses' documents (`read` sees
 * them and the stock, `post` creates, posts and cancels them). Portal administrators may do all.
 */
export interface CatalogRights {
  catalog: 'none' | 'read' | 'edit';
  store: 'none' | 'read' | 'post';
}

export async function catalogRights(ctx: Ctx): Promise<CatalogRights> {
  if (ctx.system || ctx.actor?.role === 'admin') return { catalog: 'edit', store: 'post' };
  return { catalog: 'read', store: 'read' };
}
