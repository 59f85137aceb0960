import { z } from 'zod';
import { Id, Page, paged } from './common.js';
import { UserRef } from './crm.js';
import { defineEvent } from './events.js';

/** group «Группа», project «Проект» (with dates), scrum «Скрам-проект». */
export const GroupKind = z.enum(['group', 'project', 'scrum']);
export type GroupKind = z.infer<typeof GroupKind>;
/** open «Открытая» (anyone joins), closed «Закрытая» (visible, joining is asked), secret «Секретная» (members only see it). */
export const GroupVisibility = z.enum(['open', 'closed', 'secret']);
export type GroupVisibility = z.infer<typeof GroupVisibility>;
export const GroupRole = z.enum(['owner', 'moderator', 'member']);
export type GroupRole = z.infer<typeof GroupRole>;
export const MemberStatus = z.enum(['member', 'invited', 'requested']);
export type MemberStatus = z.infer<typeof MemberStatus>;

const ref = z.number().int();
/** A calendar day, «2026-12-02». */
export const GroupDay = z.iso.date();

const people = z.array(Id).max(500);

/** «Создать»: what a new group is given; only the name is required (the creator becomes its owner). */
export const GroupInput = z.object({
  name: z.string().trim().min(1).max(255),
  description: z.string().max(10_000).optional(),
  kind: GroupKind.optional(),
  visibility: GroupVisibility.optional(),
  ownerId: Id.optional(),
  moderatorIds: people.optional(),
  memberIds: people.optional(),
  /** A project's dates; a plain group has none. */
  dateStart: GroupDay.nullable().optional(),
  dateEnd: GroupDay.nullable().optional(),
  /** An image uploaded through POST /api/files. */
  avatarFileId: Id.nullable().optional(),
});
export type GroupInput = z.infer<typeof GroupInput>;

/** A change of the group's card, based on the version the user saw; members change through their own routes. */
export const GroupPatch = GroupInput.omit({ ownerId: true, moderatorIds: true, memberIds: true })
  .partial()
  .extend({ archived: z.boolean().optional(), version: z.number().int().min(1) });
export type GroupPatch = z.infer<typeof GroupPatch>;

/** What the user may do with a group, sent with it so the page hides the rest. */
export const GroupAbilities = z.object({
  edit: z.boolean(),
  delete: z.boolean(),
  invite: z.boolean(),
  /** Join at once (an open group, or an invitation waiting). */
  join: z.boolean(),
  /** Ask to join (a closed group). */
  request: z.boolean(),
  leave: z.boolean(),
  /** Accept and decline requests, remove members. */
  moderate: z.boolean(),
  /** Make moderators and hand the group over. */
  changeRoles: z.boolean(),
});
export type GroupAbilities = z.infer<typeof GroupAbilities>;

/** A group as its card and the list show it. */
export const Group = z.object({
  id: ref,
  name: z.string(),
  description: z.string(),
  kind: GroupKind,
  visibility: GroupVisibility,
  avatarFileId: ref.nullable(),
  avatarUrl: z.string().nullable(),
  owner: UserRef.nullable(),
  dateStart: z.string().nullable(),
  dateEnd: z.string().nullable(),
  archived: z.boolean(),
  membersCount: z.number().int(),
  /** The viewer's standing: member, invited, requested, or none. */
  myStatus: MemberStatus.nullable(),
  myRole: GroupRole.nullable(),
  abilities: GroupAbilities,
  createdAt: z.string(),
  version: z.number().int(),
});
export type Group = z.infer<typeof Group>;

export const GroupListQuery = Page.extend({
  /** mine: the groups the user is a member of; all: every group the user may see. */
  filter: z.enum(['mine', 'all']).default('all'),
  search: z.string().trim().max(200).optional(),
  kind: GroupKind.optional(),
  /** true: the archive only. */
  archived: z.enum(['true', 'false']).default('false'),
});
export type GroupListQuery = z.infer<typeof GroupListQuery>;
export const GroupList = paged(Group);
export type GroupList = z.infer<typeof GroupList>;

/** One person of a group: a member with a role, an invitation or a join request. */
export const GroupMember = z.object({
  user: UserRef,
  position: z.string(),
  role: GroupRole,
  status: MemberStatus,
  invitedBy: UserRef.nullable(),
  message: z.string().nullable(),
  createdAt: z.string(),
});
export type GroupMember = z.infer<typeof GroupMember>;
export const GroupMembers = z.object({ members: z.array(GroupMember), invited: z.array(GroupMember), requests: z.array(GroupMember) });
export type GroupMembers = z.infer<typeof GroupMembers>;

export const GroupJoinInput = z.object({ message: z.string().trim().max(1000).optional() });
export const GroupInviteInput = z.object({ userIds: z.array(Id).min(1).max(100), message: z.string().trim().max(1000).optional() });
export type GroupInviteInput = z.infer<typeof GroupInviteInput>;
export const GroupRoleInput = z.object({ role: GroupRole });
export const GroupDecision = z.enum(['accept', 'decline']);
export type GroupDecision = z.infer<typeof GroupDecision>;

/** A line of the group's history: what was done in it (to it or to one of its items) and by whom. */
export const GroupActivity = z.object({
  id: ref,
  at: z.string(),
  actor: UserRef.nullable(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  text: z.string(),
  url: z.string().nullable(),
});
export type GroupActivity = z.infer<typeof GroupActivity>;
export const GroupHistoryQuery = z.object({ before: z.coerce.number().int().positive().max(2_147_483_647).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });
export const GroupHistory = z.object({ items: z.array(GroupActivity), next: ref.nullable() });
export type GroupHistory = z.infer<typeof GroupHistory>;

/** The groups module's domain events (`group.*`); a group's history shows them. */
export const groupsEvents = {
  created: defineEvent('group.created', z.object({ name: z.string(), kind: GroupKind, visibility: GroupVisibility, ownerId: ref.nullable() })),
  updated: defineEvent('group.updated', z.object({ name: z.string(), visibility: GroupVisibility, archived: z.boolean().optional() })),
  deleted: defineEvent('group.deleted', z.object({ name: z.string(), memberIds: z.array(ref) })),
  memberChanged: defineEvent(
    'group.member_changed',
    z.object({
      userId: ref,
      status: MemberStatus.nullable(),
      role: GroupRole.nullable(),
      previous: MemberStatus.nullable(),
      visibility: GroupVisibility,
      memberIds: z.array(ref),
      name: z.string().optional(),
      previousRole: GroupRole.nullable().optional(),
    }),
  ),
};
export type GroupsEvents = typeof groupsEvents;
