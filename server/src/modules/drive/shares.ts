import { driveEvents, type DriveShares, type DriveSharesInput } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { groupRefs, memberIdsOf } from '../groups/api.js';
import { departmentMemberIds, departmentNames, existingUserIds, userRefs } from '../users/api.js';
import { itemWith, pathIds } from './access.js';
import { storageNames, storageRow } from './storages.js';

/** Names of share subjects, by `type:id`. */
async function subjectNames(ctx: Ctx, rows: { subject_type: string; subject_id: number }[]): Promise<Map<string, string>> {
  const ids = (type: string) => rows.filter((r) => r.subject_type === type).map((r) => r.subject_id);
  const [users, departments, groups] = await Promise.all([userRefs(ctx, ids('user')), departmentNames(ctx, ids('department')), groupRefs(ctx, ids('group'))]);
  const out = new Map<string, string>();
  for (const [id, u] of users) out.set(`user:${id}`, u.fullName);
  for (const [id, name] of departments) out.set(`department:${id}`, name);
  for (const [id, g] of groups) out.set(`group:${id}`, g.name);
  return out;
}

/** Who has which right on an item: its own shares, and those of the folders above it (inherited). Only for who may share it. */
export async function listShares(ctx: Ctx, itemId: number): Promise<DriveShares> {
  const item = await itemWith(ctx, itemId, 'full');
  const ids = pathIds(item.path);
  const rows = await scoped(ctx).selectFrom('drive_share').select(['item_id', 'subject_type', 'subject_id', 'right']).where('item_id', 'in', ids).orderBy('id').execute();
  const names = await subjectNames(ctx, rows);
  const storage = (await storageRow(ctx, item.storage_id))!;
  const ownerName = (await storageNames(ctx, [storage])).get(storage.id) ?? '';
  const owner =
    storage.kind === 'user'
      ? { type: 'user' as const, id: storage.owner_id, name: (await userRefs(ctx, [storage.owner_id])).get(storage.owner_id)?.fullName ?? ownerName }
      : { type: storage.kind, id: storage.kind === 'group' ? storage.owner_id : null, name: ownerName };
  return {
    owner,
    items: rows
      .filter((r) => names.has(`${r.subject_type}:${r.subject_id}`))
      .map((r) => ({ type: r.subject_type, id: r.subject_id, name: names.get(`${r.subject_type}:${r.subject_id}`)!, right: r.right, inherited: r.item_id !== item.id })),
  };
}

/** The employees a share reaches: the user, a department's members (with its sub-departments), a group's members. */
async function reached(ctx: Ctx, shares: DriveSharesInput['shares']): Promise<number[]> {
  const out = new Set<number>();
  for (const s of shares) {
    if (s.type === 'user') out.add(s.id);
    else if (s.type === 'department') for (const id of await departmentMemberIds(ctx, s.id)) out.add(id);
    else for (const id of await memberIdsOf(ctx, s.id)) out.add(id);
  }
  return [...out];
}

/** Sets an item's own shares (replacing them); those newly given access hear of it. */
export async function setShares(ctx: Ctx, itemId: number, input: DriveSharesInput): Promise<DriveShares> {
  const item = await itemWith(ctx, itemId, 'full');
  const unique = new Map(input.shares.map((s) => [`${s.type}:${s.id}`, s]));
  const shares = [...unique.values()];
  const names = await subjectNames(
    ctx,
    shares.map((s) => ({ subject_type: s.type, subject_id: s.id })),
  );
  const users = await existingUserIds(
    ctx,
    shares.filter((s) => s.type === 'user').map((s) => s.id),
  );
  shares.forEach((s, i) => {
    if (!names.has(`${s.type}:${s.id}`) || (s.type === 'user' && !users.has(s.id))) throw errors.field(`shares.${i}.id`, 'drive.share_subject');
  });
  const before = await scoped(ctx).selectFrom('drive_share').select(['subject_type', 'subject_id']).where('item_id', '=', item.id).execute();
  const had = new Set(before.map((b) => `${b.subject_type}:${b.subject_id}`));
  const added = shares.filter((s) => !had.has(`${s.type}:${s.id}`));
  const newlyReached = (await reached(ctx, added)).filter((id) => id !== ctx.actor?.userId);
  await transaction(ctx, async (tx) => {
    await scoped(tx).deleteFrom('drive_share').where('item_id', '=', item.id).execute();
    const now = nowIso();
    if (shares.length)
      await scoped(tx)
        .insertInto(
          'drive_share',
          shares.map((s) => ({ item_id: item.id, subject_type: s.type, subject_id: s.id, right: s.right, created_by: ctx.actor?.userId ?? null, created_at: now })),
        )
        .execute();
    await scoped(tx)
      .updateTable('drive_item')
      .set({ shared: shares.length ? 1 : 0 })
      .where('id', '=', item.id)
      .execute();
    await recordEvent(tx, driveEvents.shared, { entityType: 'drive_item', entityId: item.id, payload: { storageId: item.storage_id, name: item.name, userIds: newlyReached.slice(0, 5000) } });
  });
  return listShares(ctx, itemId);
}
