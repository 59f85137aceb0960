import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TaskTemplate, TaskTemplateInput, TaskTemplateList, TaskTemplatePatch, TemplateTaskCreated } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { tasksKeys } from '../api';

export const templatesKeys = {
  all: [...tasksKeys.view('templates')] as const,
  one: (id: number) => [...tasksKeys.view('templates'), id] as const,
};

export function useTemplates() {
  return useQuery({ queryKey: templatesKeys.all, queryFn: () => api.get<TaskTemplateList>('/api/tasks/templates') });
}

export function useTemplate(id: number | null) {
  return useQuery({ queryKey: templatesKeys.one(id ?? 0), queryFn: () => api.get<TaskTemplate>(`/api/tasks/templates/${id}`), enabled: !!id });
}

export function useTemplateWrites() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: templatesKeys.all });
  return {
    create: useMutation({ mutationFn: (input: TaskTemplateInput) => api.post<TaskTemplate>('/api/tasks/templates', input), onSuccess: refresh, meta: { silent: true } }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: number; patch: TaskTemplatePatch }) => api.patch<TaskTemplate>(`/api/tasks/templates/${id}`, patch),
      onSuccess: refresh,
      meta: { silent: true },
    }),
    remove: useMutation({ mutationFn: (id: number) => api.delete(`/api/tasks/templates/${id}`), onSuccess: refresh }),
    createTask: useMutation({
      mutationFn: (id: number) => api.post<TemplateTaskCreated>(`/api/tasks/templates/${id}/tasks`),
      onSuccess: () => qc.invalidateQueries({ queryKey: tasksKeys.all }),
    }),
  };
}
