import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChecklistItem, ChecklistItemInput, ChecklistItemPatch, Task, TaskCard, TaskInput, TaskResult, TimeEntryInput, TimeEntryPatch } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { tasksKeys } from '../api';

/** The card's parts beside the task: under `['tasks', 'task', id, …]` so a task's change refreshes them with it. */
export const cardKeys = {
  card: (id: number) => [...tasksKeys.task(id), 'card'] as const,
  history: (id: number) => [...tasksKeys.task(id), 'history'] as const,
  groups: ['tasks', 'card-groups'] as const,
};

export function useTaskCard(id: number | null) {
  return useQuery({ queryKey: cardKeys.card(id ?? 0), queryFn: () => api.get<TaskCard>(`/api/tasks/${id}/card`), enabled: !!id });
}

export interface HistoryEntry {
  id: number;
  action: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  actorId: number | null;
  createdAt: string;
}

export function useTaskHistory(id: number, enabled: boolean) {
  return useQuery({ queryKey: cardKeys.history(id), queryFn: () => api.get<{ items: HistoryEntry[] }>(`/api/history/task/${id}`), enabled });
}

export function useTaskGroups() {
  return useQuery({ queryKey: cardKeys.groups, queryFn: () => api.get<{ items: { id: number; name: string; kind: string }[] }>('/api/tasks/card/groups'), staleTime: 60_000 });
}

/** Writes of the card's parts; each puts what the server answered into the card and refreshes the task (its time spent, history). */
export function useCardWrites(taskId: number) {
  const qc = useQueryClient();
  const key = cardKeys.card(taskId);
  const setChecklist = (items: ChecklistItem[]) => qc.setQueryData<TaskCard>(key, (c) => (c ? { ...c, checklist: items } : c));
  const setResults = (items: TaskResult[]) => qc.setQueryData<TaskCard>(key, (c) => (c ? { ...c, results: items } : c));
  const refresh = () => void qc.invalidateQueries({ queryKey: tasksKeys.task(taskId) });
  const withCard = (c: TaskCard) => {
    qc.setQueryData(key, c);
    refresh();
    // A timer stopped on another task booked time there.
    void qc.invalidateQueries({ queryKey: ['tasks', 'task'], predicate: (q) => q.queryKey[2] !== taskId && q.queryKey[3] === 'card' });
  };
  return {
    addItem: useMutation({
      mutationFn: (input: ChecklistItemInput) => api.post<{ items: ChecklistItem[] }>(`/api/tasks/${taskId}/checklist`, input),
      onSuccess: (r) => (setChecklist(r.items), refresh()),
    }),
    updateItem: useMutation({
      mutationFn: ({ id, patch }: { id: number; patch: ChecklistItemPatch }) => api.patch<{ items: ChecklistItem[] }>(`/api/tasks/checklist-items/${id}`, patch),
      onSuccess: (r) => (setChecklist(r.items), refresh()),
    }),
    deleteItem: useMutation({
      mutationFn: (id: number) => api.delete<{ items: ChecklistItem[] }>(`/api/tasks/checklist-items/${id}`),
      onSuccess: (r) => (setChecklist(r.items), refresh()),
    }),
    reorder: useMutation({
      mutationFn: (ids: number[]) => api.post<{ items: ChecklistItem[] }>(`/api/tasks/${taskId}/checklist/order`, { ids }),
      onSuccess: (r) => (setChecklist(r.items), refresh()),
    }),
    addResult: useMutation({ mutationFn: (html: string) => api.post<{ items: TaskResult[] }>(`/api/tasks/${taskId}/results`, { html }), onSuccess: (r) => (setResults(r.items), refresh()) }),
    deleteResult: useMutation({ mutationFn: (id: number) => api.delete<{ items: TaskResult[] }>(`/api/tasks/results/${id}`), onSuccess: (r) => (setResults(r.items), refresh()) }),
    startTimer: useMutation({ mutationFn: () => api.post<TaskCard>(`/api/tasks/${taskId}/timer/start`), onSuccess: withCard }),
    stopTimer: useMutation({ mutationFn: () => api.post<TaskCard>(`/api/tasks/${taskId}/timer/stop`), onSuccess: withCard }),
    addTime: useMutation({ mutationFn: (input: TimeEntryInput) => api.post<TaskCard>(`/api/tasks/${taskId}/time`, input), onSuccess: withCard }),
    updateTime: useMutation({ mutationFn: ({ id, patch }: { id: number; patch: TimeEntryPatch }) => api.patch<TaskCard>(`/api/tasks/time/${id}`, patch), onSuccess: withCard }),
    deleteTime: useMutation({ mutationFn: (id: number) => api.delete<TaskCard>(`/api/tasks/time/${id}`), onSuccess: withCard }),
    addSubtask: useMutation({
      mutationFn: (input: TaskInput) => api.post<Task>(`/api/tasks/${taskId}/subtasks`, input),
      onSuccess: () => void qc.invalidateQueries({ queryKey: tasksKeys.all }),
    }),
  };
}

/** The card was opened: its comments so far are no longer «new». */
export function markViewed(id: number): void {
  void api.post(`/api/tasks/${id}/view`).catch(() => undefined);
}
