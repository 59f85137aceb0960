import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Activity, ActivityComplete, ActivityCounters, ActivityInput, ActivityList, ActivityListQuery, ActivityPatch, EntityType } from '@vavilon/contracts';
import { api } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';

const BASE = '/api/crm/activities';

/** The list's filter as the address and the query key keep it (no paging). */
export type ActivityFilter = Omit<Partial<ActivityListQuery>, 'cursor' | 'limit'>;

export const activityKeys = {
  all: ['activities'] as const,
  list: (f: ActivityFilter, limit: number) => ['activities', 'list', f, limit] as const,
  counters: () => ['activities', 'counters'] as const,
  item: (id: number) => ['activities', 'item', id] as const,
};

const CRM_TYPES: EntityType[] = ['lead', 'deal', 'contact', 'company'];

// Someone else's change of an activity (heard only by those who may read it): «Мои дела», the
// counters and the CRM timelines refresh (the CRM's lists and Kanban listen for themselves); the
// menu counter refreshes with the shell.
onEntityChanged('activity', () => [activityKeys.all, ...CRM_TYPES.map((e) => ['crm', e, 'timeline'] as const)]);

/** After one of our own writes: what shows activities — ours, and the owner's type in the CRM (its timelines, lists, Kanban, the deals' «Дела»). */
function refreshAfter(qc: QueryClient, owner?: { type: EntityType; id: number }) {
  void qc.invalidateQueries({ queryKey: activityKeys.all });
  void qc.invalidateQueries({ queryKey: ['shell'] });
  for (const t of owner ? [owner.type] : CRM_TYPES) void qc.invalidateQueries({ queryKey: ['crm', t] });
}

function toQuery(f: ActivityFilter, cursor: string | undefined, limit: number) {
  return {
    view: f.view,
    type: f.type,
    ownerType: f.ownerType,
    ownerId: f.ownerId,
    responsible: f.responsible,
    q: f.q || undefined,
    from: f.from,
    to: f.to,
    cursor,
    limit,
  };
}

/** Activities page by page (keyset: each page gives the cursor of the next). */
export function useActivities(filter: ActivityFilter, { limit = 50, enabled = true }: { limit?: number; enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: activityKeys.list(filter, limit),
    queryFn: ({ pageParam, signal }) => api.get<ActivityList>(BASE, toQuery(filter, pageParam, limit), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The user's own counters: overdue, due today, planned. */
export function useActivityCounters() {
  return useQuery({
    queryKey: activityKeys.counters(),
    queryFn: ({ signal }) => api.get<ActivityCounters>(`${BASE}/counters`, undefined, signal),
    staleTime: 15_000,
  });
}

export function useActivity(id: number | null) {
  return useQuery({
    queryKey: activityKeys.item(id ?? 0),
    queryFn: ({ signal }) => api.get<Activity>(`${BASE}/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCreateActivity() {
  const qc = useQueryClient();
  return useMutation({
    // Every caller shows the refusal itself (under the fields, or a toast).
    meta: { silent: true },
    mutationFn: (input: ActivityInput) => api.post<Activity>(BASE, input),
    onSuccess: (a) => refreshAfter(qc, a.owner),
  });
}

export function useUpdateActivity() {
  const qc = useQueryClient();
  return useMutation({
    // Every caller shows the refusal itself (under the fields, or a toast).
    meta: { silent: true },
    mutationFn: ({ id, patch }: { id: number; patch: ActivityPatch }) => api.patch<Activity>(`${BASE}/${id}`, patch),
    onSuccess: (a) => {
      qc.setQueryData(activityKeys.item(a.id), a);
      refreshAfter(qc, a.owner);
    },
  });
}

/** «Выполнено» or back to planned. */
export function useCompleteActivity() {
  const qc = useQueryClient();
  return useMutation({
    // Every caller shows the refusal itself (under the fields, or a toast).
    meta: { silent: true },
    mutationFn: ({ id, body }: { id: number; body: ActivityComplete }) => api.post<Activity>(`${BASE}/${id}/complete`, body),
    onSuccess: (a) => {
      qc.setQueryData(activityKeys.item(a.id), a);
      refreshAfter(qc, a.owner);
    },
  });
}

export function useDeleteActivity() {
  const qc = useQueryClient();
  return useMutation({
    // Every caller shows the refusal itself (under the fields, or a toast).
    meta: { silent: true },
    mutationFn: (a: Activity) => api.delete<unknown>(`${BASE}/${a.id}`),
    onSuccess: (_r, a) => {
      qc.removeQueries({ queryKey: activityKeys.item(a.id) });
      refreshAfter(qc, a.owner);
    },
  });
}
