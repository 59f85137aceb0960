import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Task, TaskAction, TaskInput, TaskPatch } from '@vavilon/contracts';
import { api } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';

/** The tasks pages' query keys; a prefix stands for every query under it. Each view adds its keys under `['tasks', <view>]`. */
export const tasksKeys = {
  all: ['tasks'] as const,
  task: (id: number) => ['tasks', 'task', id] as const,
  view: (view: string) => ['tasks', view] as const,
};

// A task changed by someone else (heard only by those who may see it) refreshes every tasks view and its card.
onEntityChanged('task', () => [tasksKeys.all]);

export function useTask(id: number | null) {
  return useQuery({ queryKey: tasksKeys.task(id ?? 0), queryFn: () => api.get<Task>(`/api/tasks/${id}`), enabled: !!id });
}

/** Writes a task and refreshes the views; each returns the task as the server saved it. */
export function useTaskWrites() {
  const qc = useQueryClient();
  const done = (t: Task) => {
    qc.setQueryData(tasksKeys.task(t.id), t);
    void qc.invalidateQueries({ queryKey: tasksKeys.all, predicate: (q) => q.queryKey[1] !== 'task' || q.queryKey[2] === t.id });
  };
  return {
    create: useMutation({ mutationFn: (input: TaskInput) => api.post<Task>('/api/tasks', input), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, patch }: { id: number; patch: TaskPatch }) => api.patch<Task>(`/api/tasks/${id}`, patch), onSuccess: done }),
    action: useMutation({
      mutationFn: ({ id, action, version }: { id: number; action: TaskAction; version?: number }) => api.post<Task>(`/api/tasks/${id}/actions/${action}`, { version }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: number) => api.delete(`/api/tasks/${id}`),
      onSuccess: () => qc.invalidateQueries({ queryKey: tasksKeys.all }),
    }),
  };
}
