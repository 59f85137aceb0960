import { z } from 'zod';
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

/** The groups module's domain events (`group.*`); a group's history shows them. */
export const groupsEvents = {
  created: defineEvent('group.created', z.object({ name: z.string(), kind: GroupKind, visibility: GroupVisibility, ownerId: ref.nullable() })),
  updated: defineEvent('group.updated', z.object({ name: z.string(), visibility: GroupVisibility })),
  deleted: defineEvent('group.deleted', z.object({ name: z.string(), memberIds: z.array(ref) })),
  memberChanged: defineEvent(
    'group.member_changed',
    z.object({ userId: ref, status: MemberStatus.nullable(), role: GroupRole.nullable(), previous: MemberStatus.nullable(), visibility: GroupVisibility, memberIds: z.array(ref) }),
  ),
};
export type GroupsEvents = typeof groupsEvents;
