import type { CatalogAccess, StoreAccess } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { parseJson, rightsOf } from '../crm/api.js';

/**
 * What the actor may do in «Товары и склады», by their CRM roles: the catalogue (`read` sees it,
 * `edit` changes products and sections, imports them) and the warehouses' documents (`read` sees
 * them and the stock, `post` creates, posts and cancels them). Portal administrators may do all.
 * A role stores them beside its item scopes («Товарный каталог», «Складской учёт»); a role saved
 * before they existed reads both.
 */
export interface CatalogRights {
  catalog: CatalogAccess;
  store: StoreAccess;
}

const CATALOG_RANK: Record<CatalogAccess, number> = { none: 0, read: 1, edit: 2 };
const STORE_RANK: Record<StoreAccess, number> = { none: 0, read: 1, post: 2 };
const cache = new WeakMap<Ctx, Promise<CatalogRights>>();

export function catalogRights(ctx: Ctx): Promise<CatalogRights> {
  let hit = cache.get(ctx);
  if (!hit) {
    hit = loadRights(ctx);
    cache.set(ctx, hit);
  }
  return hit;
}

async function loadRights(ctx: Ctx): Promise<CatalogRights> {
  if (ctx.system || ctx.actor?.role === 'admin') return { catalog: 'edit', store: 'post' };
  const crm = await rightsOf(ctx);
  if (crm.isAdmin) return { catalog: 'edit', store: 'post' };
  const out: CatalogRights = { catalog: 'none', store: 'none' };
  if (!crm.roleIds.length) return out;
  const rows = await scoped(ctx).selectFrom('crm_role').select('permissions').where('id', 'in', crm.roleIds).execute();
  for (const r of rows) {
    const p = parseJson<{ catalog?: CatalogAccess; store?: StoreAccess }>(r.permissions, {});
    const catalog = p.catalog ?? 'read';
    const store = p.store ?? 'read';
    if (CATALOG_RANK[catalog] > CATALOG_RANK[out.catalog]) out.catalog = catalog;
    if (STORE_RANK[store] > STORE_RANK[out.store]) out.store = store;
  }
  return out;
}

/** Refuses (403) unless the actor's catalogue right is at least `need`. */
export async function requireCatalog(ctx: Ctx, need: 'read' | 'edit'): Promise<CatalogRights> {
  const r = await catalogRights(ctx);
  if (CATALOG_RANK[r.catalog] < CATALOG_RANK[need]) throw errors.forbidden();
  return r;
}

/** Refuses (403) unless the actor's warehouse right is at least `need`. */
export async function requireStore(ctx: Ctx, need: 'read' | 'post'): Promise<CatalogRights> {
  const r = await catalogRights(ctx);
  if (STORE_RANK[r.store] < STORE_RANK[need]) throw errors.forbidden();
  return r;
}
