import type { DriveItem, DriveRight, DriveStorage, DriveStorages } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { t } from '../../platform/i18n/index.js';
import { groupRefs, memberGroupIds } from '../groups/api.js';
import { userRefs } from '../users/api.js';
import { rightsOf, type ItemRow, type StorageRow } from './access.js';

/**
 * The drive of `kind` and `ownerId` (0 for the common one), made with its root folder the first
 * time it is needed. Two requests making it at once end with the same drive.
 */
export async function ensureStorage(ctx: Ctx, kind: StorageRow['kind'], ownerId: number): Promise<StorageRow> {
  const find = () => scoped(ctx).selectFrom('drive_storage').selectAll().where('kind', '=', kind).where('owner_id', '=', ownerId).executeTakeFirst();
  const found = await find();
  if (found?.root_id) return found;
  await transaction(ctx, async (tx) => {
    const now = nowIso();
    const made = await (scoped(tx).insertInto('drive_storage', { kind, owner_id: ownerId, root_id: null, used_bytes: 0, created_at: now }) as any)
      .onConflict((oc: any) => oc.columns(['portal_id', 'kind', 'owner_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!made) return;
    const root = await scoped(tx)
      .insertInto('drive_item', {
        storage_id: made.id,
        parent_id: null,
        path: '/',
        kind: 'folder',
        sort_group: 0,
        name: '',
        name_key: '',
        file_id: null,
        size: 0,
        mime: null,
        versions: 0,
        created_by: null,
        created_at: now,
        updated_by: null,
        updated_at: now,
        trashed_at: null,
        trashed_by: null,
        trash_root: 0,
        shared: 0,
        published: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await scoped(tx)
      .updateTable('drive_item')
      .set({ path: `/${root.id}/` })
      .where('id', '=', root.id)
      .execute();
    await scoped(tx).updateTable('drive_storage').set({ root_id: root.id }).where('id', '=', made.id).execute();
  });
  return (await find())!;
}

/** Each drive's name as the actor reads it: «Мой диск» for their own, the owner's or the group's name otherwise. */
export async function storageNames(ctx: Ctx, rows: Pick<StorageRow, 'id' | 'kind' | 'owner_id'>[]): Promise<Map<number, string>> {
  const [users, groups] = await Promise.all([
    userRefs(
      ctx,
      rows.filter((r) => r.kind === 'user').map((r) => r.owner_id),
    ),
    groupRefs(
      ctx,
      rows.filter((r) => r.kind === 'group').map((r) => r.owner_id),
    ),
  ]);
  const me = ctx.actor?.userId;
  return new Map(
    rows.map((r) => [
      r.id,
      r.kind === 'common'
        ? t(ctx.lang, 'drive.common')
        : r.kind === 'group'
          ? (groups.get(r.owner_id)?.name ?? '')
          : r.owner_id === me
            ? t(ctx.lang, 'drive.my')
            : t(ctx.lang, 'drive.of_user', { name: users.get(r.owner_id)?.fullName ?? '' }),
    ]),
  );
}

export async function toStorages(ctx: Ctx, rows: StorageRow[]): Promise<DriveStorage[]> {
  const names = await storageNames(ctx, rows);
  const roots = await scoped(ctx)
    .selectFrom('drive_item')
    .select(['id', 'storage_id', 'path'])
    .where(
      'id',
      'in',
      rows.map((r) => r.root_id!),
    )
    .execute();
  const rights = await rightsOf(ctx, roots);
  return rows.map((r) => ({ id: r.id, kind: r.kind, ownerId: r.kind === 'common' ? null : r.owner_id, name: names.get(r.id) ?? '', rootId: r.root_id!, right: rights.get(r.root_id!) ?? 'read' }));
}

/** The drives the actor works in: their own, the company's and those of their groups. */
export async function myStorages(ctx: Ctx): Promise<DriveStorages> {
  const userId = ctx.actor!.userId;
  const groupIds = await memberGroupIds(ctx, userId);
  const groups = await groupRefs(ctx, groupIds);
  const rows = [await ensureStorage(ctx, 'user', userId), await ensureStorage(ctx, 'common', 0)];
  for (const g of [...groups.values()].filter((g) => !g.archived)) rows.push(await ensureStorage(ctx, 'group', g.id));
  const all = await toStorages(ctx, rows);
  const byName = (a: DriveStorage, b: DriveStorage) => a.name.localeCompare(b.name, 'ru');
  return { my: all[0]!, common: all[1]!, groups: all.slice(2).sort(byName) };
}

export async function storageRow(ctx: Ctx, id: number): Promise<StorageRow | null> {
  return (await scoped(ctx).selectFrom('drive_storage').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** An item as clients see it. */
export function toItem(r: ItemRow, right: DriveRight): DriveItem {
  return {
    id: r.id,
    storageId: r.storage_id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    size: Number(r.size),
    mime: r.mime,
    fileId: r.file_id,
    versions: r.versions,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
    right,
    shared: !!r.shared,
    published: !!r.published,
  };
}
