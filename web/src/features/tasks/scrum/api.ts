import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Epic,
  EpicInput,
  EpicPatch,
  ScrumBoard,
  ScrumColumn,
  ScrumItem,
  ScrumItemInput,
  ScrumItemPatch,
  ScrumPlace,
  ScrumProjectSummary,
  ScrumReports,
  Sprint,
  SprintComplete,
  SprintInput,
  SprintPatch,
} from '@vavilon/contracts';
import { api } from '../../../api/client';
import { onEntityChanged } from '../../../app/realtime';
import { tasksKeys } from '../api';

/** Under `['tasks', 'scrum']`: a change of any task refreshes them too (tasks/api.ts). */
export const scrumKeys = {
  all: [...tasksKeys.view('scrum')] as const,
  projects: () => [...tasksKeys.view('scrum'), 'projects'] as const,
  board: (groupId: number) => [...tasksKeys.view('scrum'), 'board', groupId] as const,
  reports: (groupId: number) => [...tasksKeys.view('scrum'), 'reports', groupId] as const,
};

// Sprints and epics changed by a teammate refresh the project's pages.
onEntityChanged('task_sprint', () => [scrumKeys.all]);
onEntityChanged('task_epic', () => [scrumKeys.all]);

const base = (groupId: number) => `/api/tasks/scrum/${groupId}`;

export function useScrumProjects() {
  return useQuery({ queryKey: scrumKeys.projects(), queryFn: () => api.get<ScrumProjectSummary[]>('/api/tasks/scrum') });
}

export function useScrumBoard(groupId: number) {
  return useQuery({ queryKey: scrumKeys.board(groupId), queryFn: () => api.get<ScrumBoard>(base(groupId)) });
}

export function useScrumReports(groupId: number) {
  return useQuery({ queryKey: scrumKeys.reports(groupId), queryFn: () => api.get<ScrumReports>(`${base(groupId)}/reports`) });
}

/** Every write of a Scrum project; each refreshes the project's board and reports (and the task views). */
export function useScrumWrites(groupId: number) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: tasksKeys.all });
  const m = <I, O>(fn: (input: I) => Promise<O>) => useMutation({ mutationFn: fn, onSuccess: refresh });
  const b = base(groupId);
  return {
    createEpic: m((input: EpicInput) => api.post<Epic>(`${b}/epics`, input)),
    updateEpic: m(({ id, patch }: { id: number; patch: EpicPatch }) => api.patch<Epic>(`${b}/epics/${id}`, patch)),
    deleteEpic: m((id: number) => api.delete(`${b}/epics/${id}`)),
    createSprint: m((input: SprintInput) => api.post<Sprint>(`${b}/sprints`, input)),
    updateSprint: m(({ id, patch }: { id: number; patch: SprintPatch }) => api.patch<Sprint>(`${b}/sprints/${id}`, patch)),
    deleteSprint: m((id: number) => api.delete(`${b}/sprints/${id}`)),
    startSprint: m(({ id, version }: { id: number; version: number }) => api.post<Sprint>(`${b}/sprints/${id}/start`, { version })),
    completeSprint: m(({ id, body }: { id: number; body: SprintComplete }) => api.post<Sprint>(`${b}/sprints/${id}/complete`, body)),
    createItem: m((input: ScrumItemInput) => api.post<ScrumItem>(`${b}/items`, input)),
    updateItem: m(({ id, patch }: { id: number; patch: ScrumItemPatch }) => api.patch<ScrumItem>(`${b}/items/${id}`, patch)),
    placeItem: m(({ id, place }: { id: number; place: ScrumPlace }) => api.post<ScrumItem>(`${b}/items/${id}/place`, place)),
  };
}

/** A Kanban move; the board refreshes after it (the kit keeps the card where it was dropped meanwhile). */
export function moveScrumItem(groupId: number, id: number, status: ScrumColumn, version: number) {
  return api.post<ScrumItem>(`${base(groupId)}/items/${id}/status`, { status, version });
}
