import { sql } from 'kysely';
import { driveEvents } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { SearchKind } from '../../platform/registry/registry.js';
import { memberGroupsQuery } from '../groups/api.js';
import { departmentAncestors } from '../users/api.js';
import { pathIds } from './access.js';
import { storageNames } from './storages.js';
import { underPath } from './tree.js';

export const itemUrl = (r: { id: number; kind: string; parent_id: number | null }) => (r.kind === 'folder' ? `/drive/folder/${r.id}` : `/drive/folder/${r.parent_id}?file=${r.id}`);

/** The items a change of `id` reaches in the index: it and everything in it (moved, trashed, restored, shared with someone). */
async function subtreeIds(ctx: Ctx, id: number): Promise<number[]> {
  const item = await scoped(ctx).selectFrom('drive_item').select(['storage_id', 'path']).where('id', '=', id).executeTakeFirst();
  if (!item) return [];
  const rows = await scoped(ctx).selectFrom('drive_item').select('id').where('storage_id', '=', item.storage_id).where(underPath(ctx, item.path)).limit(50_000).execute();
  return rows.map((r) => r.id);
}

/** Drive files and folders by name (the text of documents comes with content extraction), for who may open them. */
export const driveSearchKind: SearchKind = {
  kind: 'drive.item',
  title: { ru: 'Файлы на Диске', en: 'Drive files' },
  module: 'drive',
  order: 60,
  entityType: 'drive_item',
  async documents(ctx, ids) {
    const rows = await scoped(ctx)
      .selectFrom('drive_item')
      .select(['id', 'storage_id', 'parent_id', 'path', 'kind', 'name', 'created_by', 'updated_at'])
      .where('id', 'in', ids)
      .where('trashed_at', 'is', null)
      .where('parent_id', 'is not', null)
      .execute();
    const storages = await scoped(ctx)
      .selectFrom('drive_storage')
      .select(['id', 'kind', 'owner_id'])
      .where('id', 'in', [...new Set(rows.map((r) => r.storage_id)), 0])
      .execute();
    const names = await storageNames({ ...ctx, actor: null }, storages);
    const folderIds = [...new Set(rows.flatMap((r) => pathIds(r.path).slice(1, -1)))];
    const folders = new Map(folderIds.length ? (await scoped(ctx).selectFrom('drive_item').select(['id', 'name']).where('id', 'in', folderIds).execute()).map((f) => [f.id, f.name]) : []);
    return rows.map((r) => ({
      id: r.id,
      title: r.name,
      subtitle: [
        names.get(r.storage_id),
        ...pathIds(r.path)
          .slice(1, -1)
          .map((id) => folders.get(id) ?? ''),
      ]
        .filter(Boolean)
        .join(' / '),
      body: '',
      url: itemUrl(r),
      authorId: r.created_by,
      date: r.updated_at,
    }));
  },
  async ids(ctx, afterId, limit) {
    const rows = await scoped(ctx).selectFrom('drive_item').select('id').where('id', '>', afterId).where('parent_id', 'is not', null).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  },
  touchedBy: {
    events: [driveEvents.itemTrashed, driveEvents.itemRestored, driveEvents.itemChanged, driveEvents.shared],
    ids: (ctx, e) => subtreeIds(ctx, Number(e.entityId)),
  },
  // access.ts `rightsOf`: one's own drive, the common one, one's groups' drives, and anything shared
  // with one (directly, with a department above one's own, with a group one is in) or inside a folder that is.
  async readable(ctx) {
    if (!ctx.actor) return 'none';
    if (ctx.actor.role === 'admin') return 'all';
    const userId = ctx.actor.userId;
    const departments = await departmentAncestors(ctx, ctx.actor.departmentId ?? null);
    return (eb, itemId) =>
      eb.exists(
        eb
          .selectFrom('drive_item as di')
          .innerJoin('drive_storage as ds', 'ds.id', 'di.storage_id')
          .select(sql`1`.as('one'))
          .where('di.portal_id', '=', ctx.portal.id)
          .whereRef('di.id', '=', itemId as any)
          .where((w) =>
            w.or([
              w.and([w('ds.kind', '=', 'user'), w('ds.owner_id', '=', userId)]),
              w('ds.kind', '=', 'common'),
              w.and([w('ds.kind', '=', 'group'), w('ds.owner_id', 'in', memberGroupsQuery(ctx, userId))]),
              w.exists(
                w
                  .selectFrom('drive_share as sh')
                  .select(sql`1`.as('one'))
                  .where('sh.portal_id', '=', ctx.portal.id)
                  .where((s) =>
                    s.or([
                      s.and([s('sh.subject_type', '=', 'user'), s('sh.subject_id', '=', userId)]),
                      ...(departments.length ? [s.and([s('sh.subject_type', '=', 'department'), s('sh.subject_id', 'in', departments)])] : []),
                      s.and([s('sh.subject_type', '=', 'group'), s('sh.subject_id', 'in', memberGroupsQuery(ctx, userId))]),
                    ]),
                  )
                  .where(sql<boolean>`di.path like '%/' || sh.item_id || '/%'`),
              ),
            ]),
          ),
      );
  },
};
