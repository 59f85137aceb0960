import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TaskBulkInput, TaskBulkResult, TaskCounters, TaskFilterPreset, TaskListFilter, TaskListPage, TaskListSort } from '@vavilon/contracts';
import { api, withQuery } from '../../../api/client';
import { portalHeaderValue } from '../../../api/portal';
import { tasksKeys } from '../api';

/** The list's query as the server takes it: the filter, the sort and the page. */
export interface ListParams extends TaskListFilter {
  sort: TaskListSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export const listKeys = {
  list: (p: ListParams) => [...tasksKeys.view('list'), 'page', p] as const,
  counters: () => [...tasksKeys.view('list'), 'counters'] as const,
  presets: () => [...tasksKeys.view('list'), 'presets'] as const,
  groups: () => [...tasksKeys.view('list'), 'groups'] as const,
};

/** The filter as address parameters of the API (statuses comma-separated). */
export function filterQuery(f: TaskListFilter & Partial<Pick<ListParams, 'sort' | 'order'>>): Record<string, string | number | undefined> {
  return {
    role: f.role,
    status: f.status?.length ? f.status.join(',') : undefined,
    deadlineFrom: f.deadlineFrom,
    deadlineTo: f.deadlineTo,
    groupId: f.groupId,
    tag: f.tag,
    responsibleId: f.responsibleId,
    parentId: f.parentId,
    search: f.search,
    counter: f.counter,
    sort: f.sort,
    order: f.order,
  };
}

export function useTaskList(p: ListParams) {
  return useQuery({
    queryKey: listKeys.list(p),
    queryFn: () => api.get<TaskListPage>(withQuery('/api/tasks/list', { ...filterQuery(p), page: p.page, pageSize: p.pageSize })),
    placeholderData: keepPreviousData,
  });
}

/** «Просрочены», «Новые комментарии», «Ждут контроля»: refreshed with every task change heard (the tasks keys). */
export function useTaskCounters() {
  return useQuery({ queryKey: listKeys.counters(), queryFn: () => api.get<TaskCounters>('/api/tasks/counters') });
}

export function useListGroups() {
  return useQuery({ queryKey: listKeys.groups(), queryFn: () => api.get<{ items: { id: number; name: string }[] }>('/api/tasks/list/groups'), staleTime: 60_000 });
}

export function usePresets() {
  return useQuery({ queryKey: listKeys.presets(), queryFn: () => api.get<{ items: TaskFilterPreset[] }>('/api/tasks/list/presets') });
}

export function usePresetWrites() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: listKeys.presets() });
  return {
    create: useMutation({ mutationFn: (b: { name: string; filter: TaskListFilter }) => api.post<TaskFilterPreset>('/api/tasks/list/presets', b), onSuccess: done }),
    rename: useMutation({ mutationFn: ({ id, name }: { id: number; name: string }) => api.patch<TaskFilterPreset>(`/api/tasks/list/presets/${id}`, { name }), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: number) => api.delete(`/api/tasks/list/presets/${id}`), onSuccess: done }),
  };
}

/** A group action; every tasks view and the counters refresh after it. */
export function useBulk() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: TaskBulkInput) => api.post<TaskBulkResult>('/api/tasks/bulk', b),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: tasksKeys.all });
      void qc.invalidateQueries({ queryKey: ['shell'] });
    },
  });
}

export function exportUrl(f: TaskListFilter & Pick<ListParams, 'sort' | 'order'>): string {
  const portal = portalHeaderValue();
  return withQuery('/api/tasks/list/export', { ...filterQuery(f), portal });
}
