import { sql } from 'kysely';
import { driveEvents, filesEvents } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { SearchKind } from '../../platform/registry/registry.js';
import { contentTexts } from '../files/api.js';
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

/** The drive files whose current version is a content (its text was read). */
async function filesOfContent(ctx: Ctx, sha256: string): Promise<number[]> {
  const rows = await scoped(ctx).selectFrom('drive_item').innerJoin('file', 'file.id', 'drive_item.file_id').select('drive_item.id').where('file.sha256', '=', sha256).limit(50_000).execute();
  return rows.map((r) => r.id);
}

/** Drive files and folders by name, and files by their text (PDF, text and code, read by the files module's job), for who may open them. */
export const driveSearchKind: SearchKind = {
  kind: 'drive.item',
  title: { ru: 'Файлы на Диске', en: 'Drive files' },
  module: 'drive',
  order: 60,
  entityType: 'drive_item',
  async documents(ctx, ids) {
    const rows = await scoped(ctx)
      .selectFrom('drive_item')
      .leftJoin('file', 'file.id', 'drive_item.file_id')
      .select([
        'drive_item.id',
        'drive_item.storage_id',
        'drive_item.parent_id',
        'drive_item.path',
        'drive_item.kind',
        'drive_item.name',
        'drive_item.created_by',
        'drive_item.updated_at',
        'file.sha256',
      ])
      .where('drive_item.id', 'in', ids)
      .where('drive_item.trashed_at', 'is', null)
      .where('drive_item.parent_id', 'is not', null)
      .execute();
    const texts = await contentTexts(
      ctx,
      rows.flatMap((r) => (r.sha256 ? [r.sha256] : [])),
    );
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
      body: (r.sha256 && texts.get(r.sha256)) || '',
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
    events: [driveEvents.itemTrashed, driveEvents.itemRestored, driveEvents.itemChanged, driveEvents.shared, filesEvents.textRead],
    ids: (ctx, e) => (e.type === filesEvents.textRead.name ? filesOfContent(ctx, (e.payload as { sha256: string }).sha256) : subtreeIds(ctx, Number(e.entityId))),
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
