import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactionGroup, ReactionSummary } from '@vavilon/contracts';
import { useCallback, useEffect, useMemo } from 'react';
import { api, isApiError } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';
import { showError } from '../toasts';
import { toggledReactions } from './reactions';

export type { ReactionGroup, ReactionSummary };

/** Query keys of the reactions of items; a prefix stands for every query under it. */
export const reactionKeys = {
  all: ['reactions'] as const,
  of: (itemType: string, itemId: number) => ['reactions', itemType, itemId] as const,
  users: (itemType: string, itemId: number) => ['reactions', itemType, itemId, 'users'] as const,
};

// Someone else's reaction (heard only by the item's readers, as `reaction` `<type>:<id>`) refreshes that item's bar.
onEntityChanged('reaction', (entityId) => {
  const at = entityId.lastIndexOf(':');
  const id = Number(entityId.slice(at + 1));
  return at > 0 && Number.isInteger(id) ? [reactionKeys.of(entityId.slice(0, at), id)] : [reactionKeys.all];
});

const path = (itemType: string, itemId: number) => `/api/reactions/${encodeURIComponent(itemType)}/${itemId}`;

/** The generic routes of an item's reactions, `/api/reactions/:type/:id`: each change answers the item's reactions as they are now. */
export const reactionsApi = {
  list: (itemType: string, itemId: number, signal?: AbortSignal) => api.get<ReactionSummary[]>(path(itemType, itemId), undefined, signal),
  add: (itemType: string, itemId: number, emoji: string) => api.post<ReactionSummary[]>(path(itemType, itemId), { emoji }),
  remove: (itemType: string, itemId: number, emoji: string) => api.delete<ReactionSummary[]>(`${path(itemType, itemId)}?emoji=${encodeURIComponent(emoji)}`),
  users: (itemType: string, itemId: number, signal?: AbortSignal) => api.get<ReactionGroup[]>(`${path(itemType, itemId)}/users`, undefined, signal),
};

/** A refused reaction says why (one emoji only, at most 20 on an item), not just «check the fields». */
function showRefusal(e: unknown): void {
  showError(isApiError(e) && e.fields[0] ? new Error(e.fields[0].message) : e);
}

/**
 * An item's reactions for its bar: loaded from the server (or taken from `initial`, e.g. a feed
 * page's `reactionSummaries`, without a request), `toggle(emoji)` adds the user's reaction or takes
 * it back at once and then shows what the server answered (back as it was when it refuses), and
 * `loadWho()` asks who reacted, for the «Кто отреагировал» list.
 */
export function useReactions(itemType: string, itemId: number, initial?: ReactionSummary[]) {
  const qc = useQueryClient();
  const key = useMemo(() => reactionKeys.of(itemType, itemId), [itemType, itemId]);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => reactionsApi.list(itemType, itemId, signal),
    initialData: initial,
    // Given by the page, they are fresh for a while: a list of 20 items asks nothing more.
    staleTime: initial ? 60_000 : 0,
    enabled: itemId > 0,
  });

  // A page that loads its items anew brings their reactions: they win, unless a toggle is on its way.
  const seeded = initial ? JSON.stringify(initial) : null;
  useEffect(() => {
    if (seeded === null || qc.isMutating({ mutationKey: key }) > 0) return;
    if (JSON.stringify(qc.getQueryData(key)) !== seeded) qc.setQueryData(key, JSON.parse(seeded) as ReactionSummary[]);
  }, [qc, key, seeded]);

  const mutation = useMutation({
    mutationKey: key,
    mutationFn: ({ emoji, on }: { emoji: string; on: boolean }) => (on ? reactionsApi.add(itemType, itemId, emoji) : reactionsApi.remove(itemType, itemId, emoji)),
    onMutate: async ({ emoji }) => {
      await qc.cancelQueries({ queryKey: key, exact: true });
      const before = qc.getQueryData<ReactionSummary[]>(key);
      qc.setQueryData<ReactionSummary[]>(key, toggledReactions(before ?? [], emoji));
      return { before };
    },
    onError: (e, _vars, context) => {
      qc.setQueryData(key, context?.before);
      showRefusal(e);
    },
    onSuccess: (now) => {
      // With more toggles on their way, the last answer tells; until then the page keeps what it shows.
      if (qc.isMutating({ mutationKey: key }) <= 1) qc.setQueryData(key, now);
    },
  });

  const reactions = query.data ?? [];
  const { mutate } = mutation;
  const toggle = useCallback(
    (emoji: string) => {
      const current = qc.getQueryData<ReactionSummary[]>(key) ?? [];
      mutate({ emoji, on: !current.some((r) => r.emoji === emoji && r.mine) });
    },
    [qc, mutate, key],
  );
  const loadWho = useCallback(() => loadReactionUsers(qc, itemType, itemId), [qc, itemType, itemId]);
  return { reactions, toggle, loadWho, isLoading: query.isLoading, error: query.error };
}

/** Who reacted to an item, by emoji (asked anew each time the list opens). */
export function loadReactionUsers(qc: ReturnType<typeof useQueryClient>, itemType: string, itemId: number): Promise<ReactionGroup[]> {
  return qc.fetchQuery({ queryKey: reactionKeys.users(itemType, itemId), queryFn: ({ signal }) => reactionsApi.users(itemType, itemId, signal), staleTime: 0 });
}
