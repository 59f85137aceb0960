import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { FeedPage, FeedPost, FeedPostInput, FeedPostUpdate, FeedViewers, ImportantReaders, ThanksList } from '@vavilon/contracts';
import { api } from '../../api/client';

export type FeedFilters = {
  filter: 'all' | 'mine' | 'important';
  authorId?: number;
  groupId?: number;
  from?: string;
  to?: string;
  q?: string;
  hideSources: boolean;
};

export const feedKeys = {
  all: ['feed'] as const,
  lists: ['feed', 'list'] as const,
  list: (f: FeedFilters) => ['feed', 'list', f] as const,
  post: (id: number) => ['feed', 'post', id] as const,
  viewers: (id: number) => ['feed', 'viewers', id] as const,
  readers: (id: number) => ['feed', 'readers', id] as const,
  thanks: (userId: number) => ['feed', 'thanks', userId] as const,
};

/** Posts this page published: their `feed.post.created` is no news to it. */
const ownCreated = new Set<number>();
/** Publications on their way: the news of one may arrive before its answer. */
const publishing = new Set<Promise<unknown>>();

/** Whether a heard new post is this page's own, once the publications under way have answered. */
export async function isOwnPost(id: number): Promise<boolean> {
  while (publishing.size) await Promise.allSettled([...publishing]);
  return ownCreated.has(id);
}

export function useFeed(f: FeedFilters) {
  return useInfiniteQuery({
    queryKey: feedKeys.list(f),
    queryFn: ({ pageParam, signal }) =>
      api.get<FeedPage>(
        '/api/feed',
        {
          filter: f.filter,
          authorId: f.authorId,
          groupId: f.groupId,
          from: f.from || undefined,
          to: f.to || undefined,
          q: f.q || undefined,
          hideSources: f.hideSources ? 'true' : undefined,
          cursor: pageParam ?? undefined,
          limit: 10,
        },
        signal,
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function usePost(id: number | null) {
  return useQuery({ queryKey: feedKeys.post(id ?? 0), queryFn: () => api.get<FeedPost>(`/api/feed/posts/${id}`), enabled: id !== null, retry: false });
}

/** Puts a fresh copy of a post wherever the feed shows it (or takes it away: `null`). */
export function patchPost(qc: QueryClient, id: number, post: FeedPost | null) {
  const fix = (list: FeedPost[]) => (post ? list.map((p) => (p.id === id ? post : p)) : list.filter((p) => p.id !== id));
  qc.setQueriesData<InfiniteData<FeedPage>>({ queryKey: feedKeys.lists }, (d) => d && { ...d, pages: d.pages.map((pg) => ({ ...pg, pinned: fix(pg.pinned), items: fix(pg.items) })) });
  if (post) qc.setQueryData(feedKeys.post(id), post);
  else qc.removeQueries({ queryKey: feedKeys.post(id) });
}

export function useCreatePost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: FeedPostInput) => {
      const sent = api.post<FeedPost>('/api/feed/posts', body);
      publishing.add(sent);
      try {
        const p = await sent;
        ownCreated.add(p.id);
        return p;
      } finally {
        publishing.delete(sent);
      }
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: feedKeys.lists }),
  });
}

export function usePostWrites(id: number) {
  const qc = useQueryClient();
  const put = (p: FeedPost) => patchPost(qc, id, p);
  return {
    update: useMutation({ mutationFn: (body: FeedPostUpdate) => api.patch<FeedPost>(`/api/feed/posts/${id}`, body), onSuccess: put }),
    remove: useMutation({ mutationFn: () => api.delete(`/api/feed/posts/${id}`), onSuccess: () => patchPost(qc, id, null) }),
    read: useMutation({
      mutationFn: () => api.post<FeedPost>(`/api/feed/posts/${id}/read`),
      onSuccess: (p) => {
        put(p);
        void qc.invalidateQueries({ queryKey: feedKeys.readers(id) });
      },
    }),
    vote: useMutation({ mutationFn: (optionIds: number[]) => api.post<FeedPost>(`/api/feed/posts/${id}/vote`, { optionIds }), onSuccess: put }),
  };
}

const PEOPLE_PAGE = 50;

/** Who viewed a post, newest first, fifty at a time. */
export function useViewers(id: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: feedKeys.viewers(id),
    queryFn: ({ pageParam }) => api.get<FeedViewers>(`/api/feed/posts/${id}/viewers?offset=${pageParam}&limit=${PEOPLE_PAGE}`),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    enabled,
  });
}

/** Who has read an important message (`read`) or not yet (`unread`), fifty at a time. */
export function useReaders(id: number, list: 'read' | 'unread', enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...feedKeys.readers(id), list],
    queryFn: ({ pageParam }) => api.get<ImportantReaders>(`/api/feed/posts/${id}/readers?list=${list}&offset=${pageParam}&limit=${PEOPLE_PAGE}`),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    enabled,
  });
}

export function useThanks(userId: number) {
  return useQuery({ queryKey: feedKeys.thanks(userId), queryFn: () => api.get<ThanksList>(`/api/feed/thanks/${userId}`), enabled: userId > 0 });
}

// Views: ids gathered and sent at most every 2 seconds, each post once per page load.
const viewed = new Set<number>();
const pending: number[] = [];
let timer: number | undefined;
let lastSent = 0;

function flushViews() {
  timer = undefined;
  if (!pending.length) return;
  const postIds = pending.splice(0, 100);
  lastSent = Date.now();
  void api.post('/api/feed/views', { postIds }).catch(() => undefined);
  if (pending.length) timer = window.setTimeout(flushViews, 2000);
}

export function recordView(id: number) {
  if (viewed.has(id)) return;
  viewed.add(id);
  pending.push(id);
  if (timer === undefined) timer = window.setTimeout(flushViews, Math.max(0, 2000 - (Date.now() - lastSent)));
}
