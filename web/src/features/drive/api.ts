import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DriveConflict,
  DriveFolderPage,
  DriveItem,
  DriveLinkInput,
  DrivePublicLink,
  DriveQuota,
  DriveQuotaSettings,
  DriveShares,
  DriveSharesInput,
  DriveStorages,
  DriveTrashPage,
  DriveVersion,
} from '@vavilon/contracts';
import { api, withQuery } from '../../api/client';
import { portalHeaderValue } from '../../api/portal';
import { onEntityChanged } from '../../app/realtime';

export type DriveSort = 'name' | 'updated' | 'size';
export interface FolderSort {
  sort: DriveSort;
  dir: 'asc' | 'desc';
}

/** The drive's query keys; `['drive']` stands for all of them. */
export const driveKeys = {
  all: ['drive'] as const,
  storages: ['drive', 'storages'] as const,
  folder: (id: number, s?: FolderSort) => (s ? (['drive', 'folder', id, s] as const) : (['drive', 'folder', id] as const)),
  item: (id: number) => ['drive', 'item', id] as const,
  shared: ['drive', 'shared'] as const,
  trash: (storageId: number) => ['drive', 'trash', storageId] as const,
  versions: (id: number) => ['drive', 'versions', id] as const,
  shares: (id: number) => ['drive', 'shares', id] as const,
  links: (id: number) => ['drive', 'links', id] as const,
  quota: ['drive', 'quota'] as const,
};

// Someone else's change of a drive item: every open folder and list follows.
onEntityChanged('drive_item', () => [driveKeys.all]);

const portal = () => ({ portal: portalHeaderValue() });

/** Addresses for links and <img>/<iframe>: they carry the portal in the query, as they cannot send headers. */
export const driveHref = {
  content: (id: number, o: { version?: number; inline?: boolean } = {}) => withQuery(`/api/drive/items/${id}/content`, { version: o.version, inline: o.inline ? 1 : undefined, ...portal() }),
  zip: (id: number) => withQuery(`/api/drive/items/${id}/zip`, portal()),
  preview: (fileId: number, kind: 'thumb' | 'view') => withQuery(`/api/files/${fileId}/preview`, { kind, ...portal() }),
  text: (fileId: number) => withQuery(`/api/files/${fileId}/text`, portal()),
  publicContent: (token: string, o: { item?: number; inline?: boolean } = {}) => withQuery(`/api/public/drive/${token}/content`, { item: o.item, inline: o.inline ? 1 : undefined, ...portal() }),
};

export function useStorages() {
  return useQuery({ queryKey: driveKeys.storages, queryFn: () => api.get<DriveStorages>('/api/drive/storages'), staleTime: 60_000 });
}

export function useFolder(id: number | null, s: FolderSort) {
  return useInfiniteQuery({
    queryKey: driveKeys.folder(id ?? 0, s),
    enabled: id !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.get<DriveFolderPage>(`/api/drive/items/${id}/children`, { sort: s.sort, dir: s.dir, limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
}

/** The first page's folder children, for the folder picker. */
export function useSubfolders(id: number | null) {
  return useQuery({
    queryKey: [...driveKeys.folder(id ?? 0), 'folders'],
    enabled: id !== null,
    queryFn: () => api.get<DriveFolderPage>(`/api/drive/items/${id}/children`, { sort: 'name', dir: 'asc', limit: 200 }),
  });
}

export function useItem(id: number | null) {
  return useQuery({ queryKey: driveKeys.item(id ?? 0), enabled: id !== null, queryFn: () => api.get<DriveItem>(`/api/drive/items/${id}`), retry: false });
}

export function useShared() {
  return useInfiniteQuery({
    queryKey: driveKeys.shared,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.get<{ items: DriveItem[]; nextCursor: string | null }>('/api/drive/shared', { cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTrash(storageId: number | null) {
  return useInfiniteQuery({
    queryKey: driveKeys.trash(storageId ?? 0),
    enabled: storageId !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.get<DriveTrashPage>('/api/drive/trash', { storageId: storageId ?? undefined, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useVersions(id: number) {
  return useQuery({ queryKey: driveKeys.versions(id), queryFn: () => api.get<{ items: DriveVersion[] }>(`/api/drive/items/${id}/versions`) });
}

export function useShares(id: number) {
  return useQuery({ queryKey: driveKeys.shares(id), queryFn: () => api.get<DriveShares>(`/api/drive/items/${id}/shares`) });
}

export function useLinks(id: number) {
  return useQuery({ queryKey: driveKeys.links(id), queryFn: () => api.get<{ items: DrivePublicLink[] }>(`/api/drive/items/${id}/links`) });
}

export function useQuota() {
  return useQuery({ queryKey: driveKeys.quota, queryFn: () => api.get<DriveQuota>('/api/drive/quota'), staleTime: 30_000 });
}

/** Every write of the drive; each refreshes the drive's lists. */
export function useDriveWrites() {
  const qc = useQueryClient();
  const done = <T>(p: Promise<T>) =>
    p.finally(() => {
      void qc.invalidateQueries({ queryKey: driveKeys.all });
    });
  return {
    createFolder: (parentId: number, name: string) => done(api.post<DriveItem>('/api/drive/folders', { parentId, name })),
    rename: (id: number, name: string, conflict: DriveConflict = 'fail') => done(api.patch<DriveItem>(`/api/drive/items/${id}`, { name, conflict })),
    move: (ids: number[], targetId: number, conflict: DriveConflict = 'fail') => done(api.post<{ items: DriveItem[] }>('/api/drive/items/move', { ids, targetId, conflict })),
    copy: (ids: number[], targetId: number, conflict: DriveConflict = 'fail') => done(api.post<{ items: DriveItem[] }>('/api/drive/items/copy', { ids, targetId, conflict })),
    trash: (ids: number[]) => done(api.post<{ count: number }>('/api/drive/items/trash', { ids })),
    restore: (ids: number[]) => done(api.post<{ items: DriveItem[] }>('/api/drive/trash/restore', { ids })),
    deleteForever: (ids: number[]) => done(api.post<{ count: number }>('/api/drive/trash/delete', { ids })),
    emptyTrash: (storageId: number) => done(api.post<{ count: number }>('/api/drive/trash/empty', { storageId })),
    restoreVersion: (id: number, versionId: number) => done(api.post<DriveItem>(`/api/drive/items/${id}/versions/${versionId}/restore`)),
    setShares: (id: number, body: DriveSharesInput) => done(api.put<DriveShares>(`/api/drive/items/${id}/shares`, body)),
    createLink: (id: number, body: DriveLinkInput) => done(api.post<DrivePublicLink>(`/api/drive/items/${id}/links`, body)),
    revokeLink: (id: number) => done(api.delete<{ ok: true }>(`/api/drive/links/${id}`)),
    setQuota: (body: DriveQuotaSettings) => done(api.put<DriveQuotaSettings>('/api/drive/quota', body)),
    refresh: () => qc.invalidateQueries({ queryKey: driveKeys.all }),
  };
}

export function useSetQuota() {
  const writes = useDriveWrites();
  return useMutation({ mutationFn: (body: DriveQuotaSettings) => writes.setQuota(body) });
}
