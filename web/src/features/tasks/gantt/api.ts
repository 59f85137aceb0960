import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DependencyKind, GanttData, GanttLinkSaved, GanttMoved, GanttTask } from '@vavilon/contracts';
import { api, withQuery } from '../../../api/client';
import { tasksKeys } from '../api';

export const ganttKeys = {
  all: tasksKeys.view('gantt'),
  scope: (groupId: number | null) => [...tasksKeys.view('gantt'), groupId ?? 'my'] as const,
};

/** A scope's bars, links and critical path (refreshed with every tasks view when a task changes). */
export function useGantt(groupId: number | null) {
  return useQuery({ queryKey: ganttKeys.scope(groupId), queryFn: () => api.get<GanttData>(withQuery('/api/tasks/gantt', groupId ? { groupId } : {})) });
}

/** Moves and links; each answers the tasks the server moved, which the page shows at once. */
export function useGanttWrites(groupId: number | null) {
  const qc = useQueryClient();
  const key = ganttKeys.scope(groupId);
  const merge = (moved: GanttTask[]) => {
    qc.setQueryData<GanttData>(key, (d) => (d ? { ...d, tasks: d.tasks.map((t) => moved.find((m) => m.id === t.id) ?? t) } : d));
    for (const m of moved) void qc.invalidateQueries({ queryKey: tasksKeys.task(m.id) });
  };
  const settle = () => void qc.invalidateQueries({ queryKey: key });
  return {
    move: useMutation({
      mutationFn: ({ id, start, end, version }: { id: number; start: Date; end: Date; version: number }) =>
        api.post<GanttMoved>(`/api/tasks/${id}/plan`, { startPlan: start.toISOString(), endPlan: end.toISOString(), version }),
      onSuccess: (r) => merge(r.moved),
      onSettled: settle,
    }),
    link: useMutation({
      mutationFn: (input: { predecessorId: number; successorId: number; kind: DependencyKind }) => api.post<GanttLinkSaved>('/api/tasks/gantt/dependencies', input),
      onSuccess: (r) => {
        qc.setQueryData<GanttData>(key, (d) => (d ? { ...d, links: [...d.links, r.link] } : d));
        merge(r.moved);
      },
      onSettled: settle,
    }),
    unlink: useMutation({
      mutationFn: (id: number) => api.delete(`/api/tasks/gantt/dependencies/${id}`),
      onSuccess: (_r, id) => qc.setQueryData<GanttData>(key, (d) => (d ? { ...d, links: d.links.filter((l) => l.id !== id) } : d)),
      onSettled: settle,
    }),
  };
}
