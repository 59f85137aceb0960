import { groupsEvents, type Group, type GroupDecision, type GroupInviteInput, type GroupMember, type GroupMembers, type GroupRole, type MemberStatus } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { activeUserIds, people, userRefs } from '../users/api.js';
import { actorId, getGroup, isAdmin, isModerator, memberIdsOf, toGroups, visibleGroup, type GroupRow, type Standing } from './service.js';

/**
 * Who is in a group and how they get in or out: joining an open group at once, asking to join a
 * closed one (a moderator decides), invitations (the invitee decides), leaving, removal, roles and
 * handing the group over. Every change is one transaction with a `group.member_changed` event.
 */

const refused = (message: string) => new AppError(400, 'validation', 'error.validation', {}, [{ field: 'userId', message }]);

async function memberRow(ctx: Ctx, groupId: number, userId: number) {
  return scoped(ctx).selectFrom('work_group_member').selectAll().where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
}

async function recordChange(ctx: Ctx, group: GroupRow, userId: number, status: MemberStatus | null, role: GroupRole | null, previous: Standing | undefined): Promise<void> {
  await recordEvent(ctx, groupsEvents.memberChanged, {
    entityType: 'work_group',
    entityId: group.id,
    payload: {
      userId,
      status,
      role,
      previous: previous?.status ?? null,
      previousRole: previous?.role ?? null,
      visibility: group.visibility,
      memberIds: await memberIdsOf(ctx, group.id),
      name: group.name,
    },
  });
}

async function setStatus(
  ctx: Ctx,
  group: GroupRow,
  userId: number,
  previous: Standing | undefined,
  next: { status: MemberStatus; role?: GroupRole; message?: string | null; invitedBy?: number | null },
): Promise<void> {
  const role = next.role ?? previous?.role ?? 'member';
  if (previous) {
    await scoped(ctx)
      .updateTable('work_group_member')
      .set({ status: next.status, role, ...(next.message !== undefined ? { message: next.message } : {}) })
      .where('group_id', '=', group.id)
      .where('user_id', '=', userId)
      .execute();
  } else {
    await scoped(ctx)
      .insertInto('work_group_member', { group_id: group.id, user_id: userId, role, status: next.status, invited_by: next.invitedBy ?? null, message: next.message ?? null, created_at: nowIso() })
      .execute();
  }
  await recordChange(ctx, group, userId, next.status, role, previous);
}

async function dropRow(ctx: Ctx, group: GroupRow, userId: number, previous: Standing): Promise<void> {
  await scoped(ctx).deleteFrom('work_group_member').where('group_id', '=', group.id).where('user_id', '=', userId).execute();
  await recordChange(ctx, group, userId, null, null, previous);
}

const notArchived = (row: GroupRow) => {
  if (row.archived) throw new AppError(400, 'validation', 'error.validation', {}, [{ field: 'groupId', message: 'groups.archived' }]);
};

/**
 * «Вступить»: an open group takes the user at once; a closed one records a request for its
 * moderators; an invitation waiting is accepted. A secret group without an invitation is 404.
 */
export async function joinGroup(ctx: Ctx, id: number, message?: string): Promise<Group> {
  const me = actorId(ctx);
  await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    if (standing?.status === 'member' || standing?.status === 'requested') return;
    notArchived(row);
    if (standing?.status === 'invited' || row.visibility === 'open') return setStatus(tx, row, me, standing, { status: 'member' });
    if (row.visibility === 'secret') throw errors.notFound();
    await setStatus(tx, row, me, standing, { status: 'requested', role: 'member', message: message?.trim() || null });
  });
  return getGroup(ctx, id);
}

/** «Выйти из группы» (or withdraw a request): the owner hands the group over first. */
export async function leaveGroup(ctx: Ctx, id: number): Promise<void> {
  const me = actorId(ctx);
  await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    if (!standing) return;
    if (standing.status === 'member' && standing.role === 'owner') throw refused('groups.owner_cannot_leave');
    await dropRow(tx, row, me, standing);
  });
}

/** Invites employees (owner and moderators): an invitation each waits for its invitee; one who asked to join is taken at once. */
export async function inviteMembers(ctx: Ctx, id: number, input: GroupInviteInput): Promise<GroupMembers> {
  const me = actorId(ctx);
  await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    if (!isAdmin(tx) && !isModerator(standing)) throw errors.forbidden();
    notArchived(row);
    const wanted = [...new Set(input.userIds)];
    const active = await activeUserIds(tx, wanted);
    if (wanted.some((u) => !active.has(u))) throw errors.field('userIds', 'groups.member_invalid');
    const rows = await scoped(tx).selectFrom('work_group_member').select(['user_id', 'status', 'role']).where('group_id', '=', id).where('user_id', 'in', wanted).execute();
    const existing = new Map(rows.map((r) => [r.user_id, { status: r.status, role: r.role } as Standing]));
    for (const u of wanted) {
      const prev = existing.get(u);
      if (prev?.status === 'member' || prev?.status === 'invited') continue;
      if (prev?.status === 'requested') await setStatus(tx, row, u, prev, { status: 'member' });
      else await setStatus(tx, row, u, undefined, { status: 'invited', role: 'member', message: input.message?.trim() || null, invitedBy: me });
    }
  });
  return listMembers(ctx, id);
}

/** The invitee accepts («Принять») or declines («Отклонить») an invitation. */
export async function answerInvitation(ctx: Ctx, id: number, decision: GroupDecision): Promise<Group | null> {
  const me = actorId(ctx);
  const stays = await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    if (standing?.status !== 'invited') throw refused('groups.no_invitation');
    if (decision === 'accept') {
      await setStatus(tx, row, me, standing, { status: 'member' });
      return true;
    }
    await dropRow(tx, row, me, standing);
    return row.visibility !== 'secret';
  });
  return stays ? getGroup(ctx, id) : null;
}

/** A moderator accepts or declines a join request. */
export async function answerRequest(ctx: Ctx, id: number, userId: number, decision: GroupDecision): Promise<GroupMembers> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    if (!isAdmin(tx) && !isModerator(standing)) throw errors.forbidden();
    const req = await memberRow(tx, id, userId);
    if (req?.status !== 'requested') throw errors.notFound();
    const prev = { status: req.status, role: req.role };
    if (decision === 'accept') await setStatus(tx, row, userId, prev, { status: 'member' });
    else await dropRow(tx, row, userId, prev);
  });
  return listMembers(ctx, id);
}

/** Removes a member or withdraws an invitation (owner and moderators; a moderator only by the owner). Access to the group's tasks ends at once. */
export async function removeMember(ctx: Ctx, id: number, userId: number): Promise<GroupMembers> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    if (!isAdmin(tx) && !isModerator(standing)) throw errors.forbidden();
    const target = await memberRow(tx, id, userId);
    if (!target) throw errors.notFound();
    if (target.status === 'member' && target.role === 'owner') throw refused('groups.owner_cannot_leave');
    if (target.status === 'member' && target.role === 'moderator' && !isAdmin(tx) && standing?.role !== 'owner') throw errors.forbidden();
    await dropRow(tx, row, userId, { status: target.status, role: target.role });
  });
  return listMembers(ctx, id);
}

/**
 * Makes a member a moderator or a member again (the owner; administrators). `owner` hands the
 * group over: the new owner takes it, the old one stays as a moderator.
 */
export async function setMemberRole(ctx: Ctx, id: number, userId: number, role: GroupRole): Promise<GroupMembers> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    const owner = standing?.status === 'member' && standing.role === 'owner';
    if (!isAdmin(tx) && !owner) throw errors.forbidden();
    const target = await memberRow(tx, id, userId);
    if (target?.status !== 'member') throw errors.notFound();
    if (target.role === role) return;
    const prev = { status: target.status, role: target.role };
    if (target.role === 'owner') throw refused('groups.owner_role');
    await scoped(tx).updateTable('work_group_member').set({ role }).where('group_id', '=', id).where('user_id', '=', userId).execute();
    if (role === 'owner') {
      const previousOwner = await scoped(tx).selectFrom('work_group_member').select(['user_id']).where('group_id', '=', id).where('role', '=', 'owner').where('user_id', '!=', userId).execute();
      for (const p of previousOwner) {
        await scoped(tx).updateTable('work_group_member').set({ role: 'moderator' }).where('group_id', '=', id).where('user_id', '=', p.user_id).execute();
        await recordChange(tx, row, p.user_id, 'member', 'moderator', { status: 'member', role: 'owner' });
      }
      await scoped(tx)
        .updateTable('work_group')
        .set({ owner_id: userId, updated_at: nowIso(), version: row.version + 1 })
        .where('id', '=', id)
        .execute();
    }
    await recordChange(tx, row, userId, 'member', role, prev);
  });
  return listMembers(ctx, id);
}

/** «Участники»: members by role, then invitations and requests (these two for moderators and the people concerned). */
export async function listMembers(ctx: Ctx, id: number): Promise<GroupMembers> {
  const { standing } = await visibleGroup(ctx, id);
  const me = actorId(ctx);
  const mod = isAdmin(ctx) || isModerator(standing);
  const rows = await scoped(ctx).selectFrom('work_group_member').selectAll().where('group_id', '=', id).orderBy('created_at').orderBy('user_id').execute();
  const shown = rows.filter((r) => r.status === 'member' || mod || r.user_id === me);
  const persons = await people(
    ctx,
    shown.map((r) => r.user_id),
  );
  const inviters = await userRefs(
    ctx,
    shown.map((r) => r.invited_by),
  );
  const rank: Record<GroupRole, number> = { owner: 0, moderator: 1, member: 2 };
  const out: GroupMember[] = shown
    .filter((r) => persons.has(r.user_id))
    .map((r) => {
      const p = persons.get(r.user_id)!;
      return {
        user: { id: p.id, fullName: p.fullName, photoUrl: p.photoUrl },
        position: p.position,
        role: r.role,
        status: r.status,
        invitedBy: r.invited_by ? (inviters.get(r.invited_by) ?? null) : null,
        message: r.message,
        createdAt: r.created_at,
      };
    });
  const members = out.filter((m) => m.status === 'member').sort((a, b) => rank[a.role] - rank[b.role] || a.user.fullName.localeCompare(b.user.fullName, 'ru'));
  return { members, invited: out.filter((m) => m.status === 'invited'), requests: out.filter((m) => m.status === 'requested') };
}

/** «Приглашения»: the groups that invited the user and wait for their answer. */
export async function myInvitations(ctx: Ctx): Promise<Group[]> {
  const me = actorId(ctx);
  const rows = await scoped(ctx)
    .selectFrom('work_group')
    .selectAll('work_group')
    .where('work_group.archived', '=', 0)
    .where('work_group.id', 'in', scoped(ctx).selectFrom('work_group_member').select('group_id').where('user_id', '=', me).where('status', '=', 'invited'))
    .orderBy('work_group.name')
    .limit(100)
    .execute();
  return toGroups(ctx, rows);
}
