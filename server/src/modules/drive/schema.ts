import type { Generated } from 'kysely';

/** A drive: an employee's «Мой диск» (owner_id: the user), the company's «Общий диск» (owner_id 0) or a group's (owner_id: the group). */
export interface DriveStorageTable {
  id: Generated<number>;
  portal_id: number;
  kind: 'user' | 'common' | 'group';
  owner_id: number;
  /** Its root folder (set right after the storage is made). */
  root_id: number | null;
  /** Every version of every file in it, the trash included: what its quota counts. */
  used_bytes: number;
  created_at: string;
}

/** A folder or a file of a drive. A file's content is its current version's `file` row. */
export interface DriveItemTable {
  id: Generated<number>;
  portal_id: number;
  storage_id: number;
  /** Null for a drive's root folder only. */
  parent_id: number | null;
  /** The ids from the root down to the item itself, `/1/5/9/`: ancestors are read from it, descendants found by its prefix. */
  path: string;
  kind: 'folder' | 'file';
  /** 0 for folders, 1 for files: folders list first. */
  sort_group: number;
  name: string;
  /** The name as names compare (case and Unicode form ignored): one per folder among items not in the trash. */
  name_key: string;
  file_id: number | null;
  size: number;
  mime: string | null;
  versions: number;
  created_by: number | null;
  created_at: string;
  updated_by: number | null;
  updated_at: string;
  /** Set on everything in the trash; `trash_root` marks the item that was deleted (its contents went with it). */
  trashed_at: string | null;
  trashed_by: number | null;
  trash_root: number;
  shared: number;
  published: number;
}

/** A version of a file: every upload of the same name to the same folder adds one. */
export interface DriveVersionTable {
  id: Generated<number>;
  portal_id: number;
  item_id: number;
  number: number;
  file_id: number;
  size: number;
  mime: string;
  created_by: number | null;
  created_at: string;
}

/** A right on a folder or file given to an employee, a department (with its sub-departments) or a group; it holds for everything inside. */
export interface DriveShareTable {
  id: Generated<number>;
  portal_id: number;
  item_id: number;
  subject_type: 'user' | 'department' | 'group';
  subject_id: number;
  right: 'read' | 'edit' | 'full';
  created_by: number | null;
  created_at: string;
}

/** A public link: anyone with its address opens the item, unless it expired, was revoked or wants a password. */
export interface DriveLinkTable {
  id: Generated<number>;
  portal_id: number;
  item_id: number;
  token: string;
  password_hash: string | null;
  expires_at: string | null;
  download_only: number;
  created_by: number | null;
  created_at: string;
}

/** An upload under way (the tus protocol): whose it is, where it goes and what it will be called. */
export interface DriveUploadTable {
  id: string;
  portal_id: number;
  user_id: number;
  folder_id: number;
  name: string;
  size: number;
  conflict: 'version' | 'keep-both';
  created_at: string;
}

/** A portal's drive settings: the quotas an administrator set (null: none). */
export interface DriveSettingsTable {
  portal_id: number;
  portal_bytes: number | null;
  user_bytes: number | null;
  blocked_types: Generated<string>;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    drive_storage: DriveStorageTable;
    drive_item: DriveItemTable;
    drive_version: DriveVersionTable;
    drive_share: DriveShareTable;
    drive_link: DriveLinkTable;
    drive_upload: DriveUploadTable;
    drive_settings: DriveSettingsTable;
  }
}
