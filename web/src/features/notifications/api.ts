import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Notification } from '@vavilon/contracts';
import { api } from '../../api/client';

export type NotificationPage = { items: Notification[]; unread: number; nextCursor: number | null };

export const notificationsKey = ['notifications'] as const;
export const bellKey = ['notifications', 'bell'] as const;
export const listKey = ['notifications', 'list'] as const;
const BELL_SIZE = 8;

function fetchPage(cursor: number | undefined, limit: number) {
  return api.get<NotificationPage>('/api/notifications', { cursor, limit });
}

/** The newest notifications and the unread counter, for the bell. */
export function useBell() {
  return useQuery({ queryKey: bellKey, queryFn: () => fetchPage(undefined, BELL_SIZE), staleTime: 60_000 });
}

export function useNotificationList() {
  return useInfiniteQuery({
    queryKey: listKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam, 20),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function markInCache(qc: ReturnType<typeof useQueryClient>, ids: number[] | 'all', unread?: number) {
  const mark = (n: Notification) => (ids === 'all' || ids.includes(n.id) ? { ...n, read: true } : n);
  qc.setQueryData<NotificationPage>(bellKey, (old) => {
    if (!old) return old;
    const newlyRead = old.items.filter((n) => !n.read && (ids === 'all' || ids.includes(n.id))).length;
    return { ...old, items: old.items.map(mark), unread: unread ?? Math.max(0, old.unread - newlyRead) };
  });
  qc.setQueryData<InfiniteData<NotificationPage>>(listKey, (old) => (old ? { ...old, pages: old.pages.map((p) => ({ ...p, items: p.items.map(mark) })) } : old));
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<unknown>(`/api/notifications/${id}/read`),
    onMutate: (id) => markInCache(qc, [id]),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationsKey }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ unread: number }>('/api/notifications/read-all'),
    onMutate: () => markInCache(qc, 'all', 0),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationsKey }),
  });
}

/** A notification pushed over the socket: at the top of the lists (in place of the one it `replaces`), the counter from the server. */
export function addPushedNotification(qc: ReturnType<typeof useQueryClient>, n: Notification, unread: number, replaces?: number) {
  const other = (x: Notification) => x.id !== n.id && x.id !== replaces;
  qc.setQueryData<NotificationPage>(bellKey, (old) => (old ? { ...old, unread, items: [n, ...old.items.filter(other)].slice(0, BELL_SIZE) } : { items: [n], unread, nextCursor: null }));
  qc.setQueryData<InfiniteData<NotificationPage>>(listKey, (old) =>
    old && old.pages.length
      ? { ...old, pages: [{ ...old.pages[0], unread, items: [n, ...old.pages[0].items.filter(other)] }, ...old.pages.slice(1).map((p) => ({ ...p, items: p.items.filter(other) }))] }
      : old,
  );
}

export function setUnread(qc: ReturnType<typeof useQueryClient>, unread: number) {
  qc.setQueryData<NotificationPage>(bellKey, (old) => (old ? { ...old, unread } : old));
}
