import { groupsEvents, type GroupKind, type GroupRole, type GroupVisibility } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { activeUserIds } from '../users/api.js';
import type { Selectable } from 'kysely';
import type { WorkGroupTable } from './schema.js';

export interface NewGroup {
  name: string;
  description?: string;
  kind?: GroupKind;
  visibility?: GroupVisibility;
  ownerId?: number;
  dateStart?: string | null;
  dateEnd?: string | null;
  /** Members added at once (the owner is one without being listed). */
  memberIds?: number[];
  moderatorIds?: number[];
}

function actorId(ctx: Ctx): number {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
}

/** The group's member ids (accepted members only). */
export async function memberIdsOf(ctx: Ctx, groupId: number): Promise<number[]> {
  const rows = await scoped(ctx).selectFrom('work_group_member').select('user_id').where('group_id', '=', groupId).where('status', '=', 'member').orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** Creates a group with its owner and the members named, in one transaction. */
export async function createGroup(ctx: Ctx, input: NewGroup): Promise<Selectable<WorkGroupTable>> {
  const me = actorId(ctx);
  return transaction(ctx, async (tx) => {
    const ownerId = input.ownerId ?? me;
    const wanted = [...new Set([ownerId, ...(input.memberIds ?? []), ...(input.moderatorIds ?? [])])];
    const active = await activeUserIds(tx, wanted);
    const missing = wanted.filter((u) => !active.has(u));
    if (missing.length) throw errors.field(missing.includes(ownerId) ? 'ownerId' : 'memberIds', 'groups.member_invalid');
    const now = nowIso();
    const group = await scoped(tx)
      .insertInto('work_group', {
        name: input.name,
        description: input.description ?? '',
        kind: input.kind ?? 'group',
        visibility: input.visibility ?? 'open',
        owner_id: ownerId,
        date_start: input.dateStart ?? null,
        date_end: input.dateEnd ?? null,
        archived: 0,
        avatar_file_id: null,
        created_by: me,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const moderators = new Set(input.moderatorIds ?? []);
    const role = (u: number): GroupRole => (u === ownerId ? 'owner' : moderators.has(u) ? 'moderator' : 'member');
    await scoped(tx)
      .insertInto(
        'work_group_member',
        wanted.map((u) => ({ group_id: group.id, user_id: u, role: role(u), status: 'member' as const, invited_by: u === me ? null : me, message: null, created_at: now })),
      )
      .execute();
    await recordEvent(tx, groupsEvents.created, {
      entityType: 'work_group',
      entityId: group.id,
      payload: { name: group.name, kind: group.kind, visibility: group.visibility, ownerId },
    });
    return group;
  });
}
