import { z } from 'zod';
import { defineEvent } from './events.js';

const ref = z.number().int().positive().max(2_147_483_647);

/** Whose drive it is: an employee's «Мой диск», the company's «Общий диск» or a group's. */
export const DriveStorageKind = z.enum(['user', 'common', 'group']);
export type DriveStorageKind = z.infer<typeof DriveStorageKind>;

/** What one may do with an item: read (open, download), edit (also upload, rename, move within), full (also delete, share). */
export const DriveRight = z.enum(['read', 'edit', 'full']);
export type DriveRight = z.infer<typeof DriveRight>;

export const DriveStorage = z.object({
  id: z.number().int(),
  kind: DriveStorageKind,
  /** The employee (kind user) or the group (kind group). */
  ownerId: z.number().int().nullable(),
  name: z.string(),
  rootId: z.number().int(),
  right: DriveRight,
});
export type DriveStorage = z.infer<typeof DriveStorage>;

export const DriveItemKind = z.enum(['folder', 'file']);

export const DriveItem = z.object({
  id: z.number().int(),
  storageId: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: DriveItemKind,
  name: z.string(),
  /** A file's current version in bytes; a folder: 0. */
  size: z.number().int(),
  mime: z.string().nullable(),
  /** The current version's file (what `/api/files/:id` serves and CRM, tasks and the feed attach). */
  fileId: z.number().int().nullable(),
  versions: z.number().int(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  updatedBy: z.number().int().nullable(),
  updatedAt: z.string(),
  right: DriveRight,
  /** Shared with someone, or published by a public link. */
  shared: z.boolean(),
  published: z.boolean(),
});
export type DriveItem = z.infer<typeof DriveItem>;

export const DrivePathPart = z.object({ id: z.number().int(), name: z.string() });

export const DriveListQuery = z.object({
  sort: z.enum(['name', 'updated', 'size']).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The opaque position the previous page ended at. */
  cursor: z.string().max(400).optional(),
});
export type DriveListQuery = z.infer<typeof DriveListQuery>;

/** A folder's page: where it is, what it holds (folders first), and where the next page starts. */
export const DriveFolderPage = z.object({
  storage: DriveStorage,
  folder: DriveItem,
  path: z.array(DrivePathPart),
  items: z.array(DriveItem),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type DriveFolderPage = z.infer<typeof DriveFolderPage>;

export const DriveStorages = z.object({
  my: DriveStorage,
  common: DriveStorage,
  groups: z.array(DriveStorage),
});
export type DriveStorages = z.infer<typeof DriveStorages>;

/** What to do when an item of that name is already in the target folder. */
export const DriveConflict = z.enum(['fail', 'replace', 'keep-both']);
export type DriveConflict = z.infer<typeof DriveConflict>;

export const DriveCreateFolder = z.object({ parentId: ref, name: z.string().max(400) });
export const DriveRename = z.object({ name: z.string().max(400), conflict: DriveConflict.default('fail') });
export const DriveMoveInput = z.object({ ids: z.array(ref).min(1).max(500), targetId: ref, conflict: DriveConflict.default('fail') });
export type DriveMoveInput = z.infer<typeof DriveMoveInput>;
export const DriveIds = z.object({ ids: z.array(ref).min(1).max(500) });
export type DriveIds = z.infer<typeof DriveIds>;

export const DriveTrashEntry = DriveItem.extend({
  trashedAt: z.string(),
  trashedBy: z.number().int().nullable(),
  /** Where it was: the folder's names from the drive's root. */
  fromPath: z.array(z.string()),
  storageName: z.string(),
  /** When the trash empties it for good. */
  purgeAt: z.string(),
});
export const DriveTrashPage = z.object({ items: z.array(DriveTrashEntry), total: z.number().int(), nextCursor: z.string().nullable() });
export type DriveTrashPage = z.infer<typeof DriveTrashPage>;

export const DriveVersion = z.object({
  id: z.number().int(),
  number: z.number().int(),
  fileId: z.number().int(),
  size: z.number().int(),
  mime: z.string(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  current: z.boolean(),
});
export type DriveVersion = z.infer<typeof DriveVersion>;
export const DriveVersions = z.object({ items: z.array(DriveVersion) });

export const DriveShareSubjectType = z.enum(['user', 'department', 'group']);
export const DriveShare = z.object({ type: DriveShareSubjectType, id: z.number().int(), name: z.string(), right: DriveRight, inherited: z.boolean() });
export type DriveShare = z.infer<typeof DriveShare>;
export const DriveShares = z.object({ items: z.array(DriveShare), owner: z.object({ type: z.enum(['user', 'common', 'group']), id: z.number().int().nullable(), name: z.string() }) });
export type DriveShares = z.infer<typeof DriveShares>;
export const DriveSharesInput = z.object({ shares: z.array(z.object({ type: DriveShareSubjectType, id: ref, right: DriveRight })).max(200) });
export type DriveSharesInput = z.infer<typeof DriveSharesInput>;

export const DrivePublicLink = z.object({
  id: z.number().int(),
  url: z.string(),
  hasPassword: z.boolean(),
  expiresAt: z.string().nullable(),
  downloadOnly: z.boolean(),
  createdAt: z.string(),
  createdBy: z.number().int().nullable(),
});
export type DrivePublicLink = z.infer<typeof DrivePublicLink>;
export const DrivePublicLinks = z.object({ items: z.array(DrivePublicLink) });
export const DriveLinkInput = z.object({
  password: z.string().max(200).optional(),
  expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
  downloadOnly: z.boolean().default(false),
});
export type DriveLinkInput = z.infer<typeof DriveLinkInput>;

/** What a public link shows to someone without an account. */
export const DrivePublicView = z.object({
  name: z.string(),
  kind: DriveItemKind,
  size: z.number().int(),
  mime: z.string().nullable(),
  downloadOnly: z.boolean(),
  /** A folder's files (one level). */
  items: z.array(z.object({ id: z.number().int(), name: z.string(), kind: DriveItemKind, size: z.number().int(), mime: z.string().nullable() })),
});
export type DrivePublicView = z.infer<typeof DrivePublicView>;

const QuotaUse = z.object({ used: z.number().int(), limit: z.number().int().nullable() });
export const DriveQuota = z.object({ portal: QuotaUse, user: QuotaUse, maxFileBytes: z.number().int(), blockedTypes: z.array(z.string()) });
export type DriveQuota = z.infer<typeof DriveQuota>;
export const DriveQuotaSettings = z.object({
  portalBytes: z.number().int().positive().nullable(),
  userBytes: z.number().int().positive().nullable(),
  /** Extensions the administrator keeps off the drive («exe», «bat»); left out of a change: kept as they are. */
  blockedTypes: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^\.?[a-z0-9]{1,16}$/, { error: 'drive.bad_type' }),
    )
    .max(100)
    .optional(),
});
export type DriveQuotaSettings = z.infer<typeof DriveQuotaSettings>;

/** Asked before an upload starts: which names are taken, and whether the files fit the quota. */
export const DriveUploadCheck = z.object({
  folderId: ref,
  files: z
    .array(z.object({ name: z.string().max(400), size: z.number().int().min(0) }))
    .min(1)
    .max(2000),
});
export const DriveUploadCheckResult = z.object({ taken: z.array(z.string()) });

export const driveEvents = {
  itemCreated: defineEvent('drive.item.created', z.object({ storageId: ref, name: z.string(), kind: DriveItemKind })),
  itemChanged: defineEvent('drive.item.changed', z.object({ storageId: ref, name: z.string(), change: z.string() })),
  itemTrashed: defineEvent('drive.item.trashed', z.object({ storageId: ref, name: z.string() })),
  itemRestored: defineEvent('drive.item.restored', z.object({ storageId: ref, name: z.string() })),
  itemDeleted: defineEvent('drive.item.deleted', z.object({ storageId: ref, name: z.string() })),
  shared: defineEvent('drive.item.shared', z.object({ storageId: ref, name: z.string(), userIds: z.array(ref) })),
};
