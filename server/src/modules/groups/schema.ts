import type { Generated } from 'kysely';

export type GroupKind = 'group' | 'project' | 'scrum';
export type GroupVisibility = 'open' | 'closed' | 'secret';
export type GroupRole = 'owner' | 'moderator' | 'member';
/** `member`: in the group; `invited`: asked by the group, waits for the user; `requested`: asked by the user, waits for a moderator. */
export type MemberStatus = 'member' | 'invited' | 'requested';

export interface WorkGroupTable {
  id: Generated<number>;
  portal_id: number;
  name: string;
  description: string;
  avatar_file_id: number | null;
  kind: GroupKind;
  visibility: GroupVisibility;
  owner_id: number | null;
  date_start: string | null;
  date_end: string | null;
  archived: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** The name lower-cased, ё as е: what «Группы»'s search matches. */
  search_name: Generated<string>;
}

export interface WorkGroupMemberTable {
  portal_id: number;
  group_id: number;
  user_id: number;
  role: GroupRole;
  status: MemberStatus;
  invited_by: number | null;
  message: string | null;
  created_at: string;
}

/** A line of a group's history, written by the `groups.activity` processor from an event. */
export interface WorkGroupActivityTable {
  id: Generated<number>;
  portal_id: number;
  group_id: number;
  event_id: number;
  entity_type: string;
  entity_id: string;
  actor_id: number | null;
  action: string;
  /** The item's title (a task's) or the group's name when the event happened. */
  title: string;
  /** JSON: what the line's text needs (the member, the new status...). */
  params: string;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    work_group: WorkGroupTable;
    work_group_member: WorkGroupMemberTable;
    work_group_activity: WorkGroupActivityTable;
  }
}
