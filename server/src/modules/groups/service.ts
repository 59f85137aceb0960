import { groupsEvents, type Group, type GroupAbilities, type GroupKind, type GroupListQuery, type GroupPatch, type GroupRole, type GroupVisibility, type MemberStatus } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import { lockForUpdate, transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { diff, recordEvent } from '../../platform/events/outbox.js';
import { fileInfos, ownFileIds, removeFileLinks, setFileLinks } from '../files/api.js';
import { activeUserIds, userRefs } from '../users/api.js';
import type { WorkGroupTable } from './schema.js';

export type GroupRow = Selectable<WorkGroupTable>;

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
  avatarFileId?: number | null;
}

/** How the actor stands in a group: their member row, if any. */
export interface Standing {
  status: MemberStatus;
  role: GroupRole;
}

export function actorId(ctx: Ctx): number {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor.userId;
}

export const isAdmin = (ctx: Ctx) => ctx.actor?.role === 'admin';

/** What «Группы»'s search matches: the name lower-cased, ё as е (the same on both databases). */
export const searchName = (name: string) => name.toLowerCase().replace(/ё/g, 'е');

/** The group's member ids (accepted members only). */
export async function memberIdsOf(ctx: Ctx, groupId: number): Promise<number[]> {
  const rows = await scoped(ctx).selectFrom('work_group_member').select('user_id').where('group_id', '=', groupId).where('status', '=', 'member').orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** The owner and moderators of a group (members only), who decide its requests. */
export async function moderatorIdsOf(ctx: Ctx, groupId: number): Promise<number[]> {
  const rows = await scoped(ctx).selectFrom('work_group_member').select('user_id').where('group_id', '=', groupId).where('status', '=', 'member').where('role', 'in', ['owner', 'moderator']).execute();
  return rows.map((r) => r.user_id);
}

async function standingsOf(ctx: Ctx, groupIds: number[]): Promise<Map<number, Standing>> {
  if (!groupIds.length || !ctx.actor) return new Map();
  const rows = await scoped(ctx).selectFrom('work_group_member').select(['group_id', 'role', 'status']).where('user_id', '=', ctx.actor.userId).where('group_id', 'in', groupIds).execute();
  return new Map(rows.map((r) => [r.group_id, { status: r.status, role: r.role }]));
}

/** A secret group is seen by its members and invitees only; open and closed ones by everyone; administrators see all. */
export function visibleTo(ctx: Ctx, row: Pick<GroupRow, 'visibility'>, standing: Standing | undefined): boolean {
  return isAdmin(ctx) || row.visibility !== 'secret' || standing?.status === 'member' || standing?.status === 'invited';
}

export const isModerator = (s: Standing | undefined | null) => s?.status === 'member' && (s.role === 'owner' || s.role === 'moderator');

export function abilitiesOf(ctx: Ctx, row: GroupRow, s: Standing | undefined): GroupAbilities {
  const admin = isAdmin(ctx);
  const mod = admin || isModerator(s);
  const owner = admin || (s?.status === 'member' && s.role === 'owner');
  const member = s?.status === 'member';
  const open = !row.archived;
  return {
    edit: mod,
    delete: owner,
    invite: mod && open,
    join: !member && open && (row.visibility === 'open' || s?.status === 'invited'),
    request: !member && open && row.visibility === 'closed' && !s,
    leave: (member && s?.role !== 'owner') || s?.status === 'requested',
    moderate: mod,
    changeRoles: owner,
  };
}

/**
 * A group the actor may see, with their standing, or 404 (a secret group of others, another
 * portal's). `forUpdate` locks the row for a membership change.
 */
export async function visibleGroup(ctx: Ctx, id: number, opts: { forUpdate?: boolean } = {}): Promise<{ row: GroupRow; standing: Standing | undefined }> {
  const q = scoped(ctx).selectFrom('work_group').selectAll().where('id', '=', id);
  const row = await (opts.forUpdate ? lockForUpdate(ctx, q) : q).executeTakeFirst();
  if (!row) throw errors.notFound();
  const standing = (await standingsOf(ctx, [id])).get(id);
  if (!visibleTo(ctx, row, standing)) throw errors.notFound();
  return { row, standing };
}

/** Groups as the list and the card show them, in the order given. */
export async function toGroups(ctx: Ctx, rows: GroupRow[]): Promise<Group[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [mine, counts, owners] = await Promise.all([
    standingsOf(ctx, ids),
    scoped(ctx)
      .selectFrom('work_group_member')
      .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('group_id', 'in', ids)
      .where('status', '=', 'member')
      .groupBy('group_id')
      .execute(),
    userRefs(
      ctx,
      rows.map((r) => r.owner_id),
    ),
  ]);
  const count = new Map(counts.map((c) => [c.group_id, Number(c.n)]));
  return rows.map((r) => {
    const s = mine.get(r.id);
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      kind: r.kind,
      visibility: r.visibility,
      avatarFileId: r.avatar_file_id,
      avatarUrl: r.avatar_file_id ? `/api/files/${r.avatar_file_id}` : null,
      owner: r.owner_id ? (owners.get(r.owner_id) ?? null) : null,
      dateStart: r.date_start,
      dateEnd: r.date_end,
      archived: !!r.archived,
      membersCount: count.get(r.id) ?? 0,
      myStatus: s?.status ?? null,
      myRole: s?.status === 'member' ? s.role : null,
      abilities: abilitiesOf(ctx, r, s),
      createdAt: r.created_at,
      version: r.version,
    };
  });
}

export async function getGroup(ctx: Ctx, id: number): Promise<Group> {
  const { row } = await visibleGroup(ctx, id);
  return (await toGroups(ctx, [row]))[0]!;
}

/** «Группы»: the groups the user may see (mine: those they are a member of), by name, a page at a time. */
export async function listGroups(ctx: Ctx, q: GroupListQuery): Promise<{ items: Group[]; total: number; page: number; pageSize: number }> {
  const me = actorId(ctx);
  let base = scoped(ctx)
    .selectFrom('work_group')
    .where('work_group.archived', '=', q.archived === 'true' ? 1 : 0);
  const myRows = (statuses: MemberStatus[]) =>
    scoped(ctx).selectFrom('work_group_member').select('work_group_member.group_id').where('work_group_member.user_id', '=', me).where('work_group_member.status', 'in', statuses);
  if (q.filter === 'mine') base = base.where('work_group.id', 'in', myRows(['member']));
  else if (!isAdmin(ctx)) base = base.where((eb) => eb.or([eb('work_group.visibility', '!=', 'secret'), eb('work_group.id', 'in', myRows(['member', 'invited']))]));
  if (q.kind) base = base.where('work_group.kind', '=', q.kind);
  const words = searchName(q.search ?? '')
    .split(/\s+/)
    .map((w) => w.replace(/[%_\\]/g, ''))
    .filter(Boolean);
  for (const w of words) base = base.where('work_group.search_name', 'like', `%${w}%`);
  const [{ n }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('work_group')
      .orderBy('work_group.name')
      .orderBy('work_group.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return { items: await toGroups(ctx, rows), total: Number(n), page: q.page, pageSize: q.pageSize };
}

function checkDates(kind: GroupKind, start: string | null, end: string | null, fields: FieldError[]): void {
  if (kind !== 'group' && start && end && end < start) fields.push({ field: 'dateEnd', message: 'groups.dates_order' });
}

/** An avatar is an image the actor uploaded (or the group's current one). */
async function checkAvatar(ctx: Ctx, fileId: number | null | undefined, current: number | null, fields: FieldError[]): Promise<void> {
  if (!fileId || fileId === current) return;
  const [own, info] = await Promise.all([ownFileIds(ctx, [fileId]), fileInfos(ctx, [fileId])]);
  if (!own.has(fileId)) return void fields.push({ field: 'avatarFileId', message: 'groups.avatar_invalid' });
  if (!info.get(fileId)?.mime.startsWith('image/')) fields.push({ field: 'avatarFileId', message: 'groups.avatar_not_image' });
}

/** Creates a group with its owner, moderators and members, in one transaction. */
export async function createGroup(ctx: Ctx, input: NewGroup): Promise<GroupRow> {
  const me = actorId(ctx);
  return transaction(ctx, async (tx) => {
    const ownerId = input.ownerId ?? me;
    const moderators = new Set((input.moderatorIds ?? []).filter((u) => u !== ownerId));
    const wanted = [...new Set([ownerId, ...moderators, ...(input.memberIds ?? [])])];
    const active = await activeUserIds(tx, wanted);
    const fields: FieldError[] = [];
    if (!active.has(ownerId)) fields.push({ field: 'ownerId', message: 'groups.member_invalid' });
    if ([...moderators].some((u) => !active.has(u))) fields.push({ field: 'moderatorIds', message: 'groups.member_invalid' });
    if ((input.memberIds ?? []).some((u) => !active.has(u))) fields.push({ field: 'memberIds', message: 'groups.member_invalid' });
    const name = input.name.trim();
    if (!name) fields.push({ field: 'name', message: 'groups.name_required' });
    const kind = input.kind ?? 'group';
    const dateStart = kind === 'group' ? null : (input.dateStart ?? null);
    const dateEnd = kind === 'group' ? null : (input.dateEnd ?? null);
    checkDates(kind, dateStart, dateEnd, fields);
    await checkAvatar(tx, input.avatarFileId, null, fields);
    if (fields.length) throw errors.validation(fields);
    const now = nowIso();
    const group = await scoped(tx)
      .insertInto('work_group', {
        name,
        search_name: searchName(name),
        description: input.description ?? '',
        kind,
        visibility: input.visibility ?? 'open',
        owner_id: ownerId,
        date_start: dateStart,
        date_end: dateEnd,
        archived: 0,
        avatar_file_id: input.avatarFileId ?? null,
        created_by: me,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.avatarFileId) await setFileLinks(tx, 'work_group', group.id, 'avatar', [input.avatarFileId]);
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

/** Changes the group's card (owner and moderators; administrators): 403 for a member, 409 over a newer version. */
export async function updateGroup(ctx: Ctx, id: number, patch: GroupPatch): Promise<Group> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    if (!isAdmin(tx) && !isModerator(standing)) throw errors.forbidden();
    if (patch.version !== row.version) throw errors.conflict();
    const next: Partial<GroupRow> = {};
    if (patch.name !== undefined) next.name = patch.name.trim();
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.kind !== undefined) next.kind = patch.kind;
    if (patch.visibility !== undefined) next.visibility = patch.visibility;
    if (patch.dateStart !== undefined) next.date_start = patch.dateStart;
    if (patch.dateEnd !== undefined) next.date_end = patch.dateEnd;
    if (patch.avatarFileId !== undefined) next.avatar_file_id = patch.avatarFileId;
    if (patch.archived !== undefined) next.archived = patch.archived ? 1 : 0;
    const merged = { ...row, ...next };
    if (merged.kind === 'group') {
      merged.date_start = null;
      merged.date_end = null;
      if (row.date_start !== null) next.date_start = null;
      if (row.date_end !== null) next.date_end = null;
    }
    const fields: FieldError[] = [];
    if (next.name === '') fields.push({ field: 'name', message: 'groups.name_required' });
    checkDates(merged.kind, merged.date_start, merged.date_end, fields);
    await checkAvatar(tx, patch.avatarFileId, row.avatar_file_id, fields);
    if (fields.length) throw errors.validation(fields);
    const changes = diff(row as unknown as Record<string, unknown>, next as Record<string, unknown>, [
      'name',
      'description',
      'kind',
      'visibility',
      'date_start',
      'date_end',
      'avatar_file_id',
      'archived',
    ]);
    if (!changes.length) return;
    await scoped(tx).updateVersioned('work_group', id, row.version, { ...next, ...(next.name !== undefined ? { search_name: searchName(next.name) } : {}), updated_at: nowIso() });
    if (patch.avatarFileId !== undefined) await setFileLinks(tx, 'work_group', id, 'avatar', patch.avatarFileId ? [patch.avatarFileId] : []);
    await recordEvent(tx, groupsEvents.updated, {
      entityType: 'work_group',
      entityId: id,
      payload: { name: merged.name, visibility: merged.visibility, ...(next.archived !== undefined ? { archived: !!merged.archived } : {}) },
      changes,
    });
  });
  return getGroup(ctx, id);
}

/** Deletes a group (its owner; administrators): its members' rows and history go with it, its tasks stay without a group. */
export async function deleteGroup(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await visibleGroup(tx, id, { forUpdate: true });
    if (!isAdmin(tx) && !(standing?.status === 'member' && standing.role === 'owner')) throw errors.forbidden();
    const memberIds = await memberIdsOf(tx, id);
    await removeFileLinks(tx, 'work_group', [id]);
    await scoped(tx).deleteFrom('work_group_activity').where('group_id', '=', id).execute();
    await scoped(tx).deleteFrom('work_group_member').where('group_id', '=', id).execute();
    await scoped(tx).deleteFrom('work_group').where('id', '=', id).execute();
    await recordEvent(tx, groupsEvents.deleted, { entityType: 'work_group', entityId: id, payload: { name: row.name, memberIds } });
  });
}
