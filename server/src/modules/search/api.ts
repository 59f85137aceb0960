import type { SelectQueryBuilder } from 'kysely';
import { systemCtx, type Ctx } from '../../platform/context.js';
import { scoped, type PortalTable } from '../../platform/db/scoped.js';
import type { Platform } from '../../platform/platform.js';
import { engineFor } from './engine.js';
import { rebuildPortal, reindex } from './indexer.js';
import { queryKeys, termsOf } from './terms.js';

// What other modules use of search: the language layer (how words are spelled, cut and compared),
// their search boxes over the index, and the index's upkeep.
export { emailKey, fromWrongLayout, latinOf, nameKey, normalize, phoneDigits, similarity, stem, stems, trigrams, words } from './text.js';

/**
 * A module's own search box (a CRM list, a Kanban board): the ids of its `kind` that the index
 * finds for `query`, as a subquery for `id in (...)`. The list keeps its own rights and filters.
 */
export function matchingItems(ctx: Ctx, kind: string, query: string): SelectQueryBuilder<any, any, { item_id: number }> {
  return engineFor(ctx.sys.dialect).matchingIds(ctx, kind, termsOf(query), queryKeys(query));
}

/** Indexes `ids` of the kind named `kind` now, for items written outside the services (a migration, a bulk load). */
export async function reindexItems(ctx: Ctx, kind: string, ids: number[]): Promise<void> {
  const k = ctx.sys.registry.searchKinds().find((x) => x.kind === kind);
  if (!k) throw new Error(`no search kind ${kind}`);
  await reindex(ctx, k, ids);
}

/** Builds the index of the portal named `name` anew (the operator's console); resolves to the items indexed. */
export async function rebuildIndex(platform: Platform, name: string, onProgress?: (kind: string, done: number) => void): Promise<number> {
  const portal = await platform.portals.byNameOrNull(name);
  if (!portal) throw new Error(`no portal ${name}`);
  return rebuildPortal(systemCtx(platform, portal, { requestId: 'search-rebuild' }), [], onProgress);
}

/** A kind's `ids` for a rebuild: the ids of `table`'s rows after `afterId`, ascending. */
export function idsAfter(table: PortalTable): (ctx: Ctx, afterId: number, limit: number) => Promise<number[]> {
  return async (ctx, afterId, limit) => {
    const rows = await (scoped(ctx).selectFrom(table) as any).select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map((r: { id: number }) => r.id);
  };
}
