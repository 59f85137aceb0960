import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CrmLinkRef } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { tasksKeys } from '../api';

interface CrmLink extends CrmLinkRef {
  title: string;
  url: string | null;
  readable: boolean;
}
interface Reminder {
  id: number;
  remindAt: string;
  sentAt: string | null;
}

const keys = {
  crm: (id: number) => ['tasks', 'task', id, 'crm-links'] as const,
  reminders: (id: number) => ['tasks', 'task', id, 'reminders'] as const,
};

export function useCrmLinks(taskId: number) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: keys.crm(taskId), queryFn: () => api.get<{ items: CrmLink[] }>(`/api/tasks/${taskId}/crm-links`) });
  const save = useMutation({
    mutationFn: (links: CrmLinkRef[]) => api.put<{ items: CrmLink[] }>(`/api/tasks/${taskId}/crm-links`, { links }),
    onSuccess: (data) => {
      qc.setQueryData(keys.crm(taskId), data);
      void qc.invalidateQueries({ queryKey: tasksKeys.task(taskId) });
    },
  });
  return { list, save };
}

export function useReminders(taskId: number) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: keys.reminders(taskId), queryFn: () => api.get<{ items: Reminder[] }>(`/api/tasks/${taskId}/reminders`) });
  const done = (data: { items: Reminder[] }) => qc.setQueryData(keys.reminders(taskId), data);
  const add = useMutation({ mutationFn: (remindAt: string) => api.post<{ items: Reminder[] }>(`/api/tasks/${taskId}/reminders`, { remindAt }), onSuccess: done });
  const remove = useMutation({ mutationFn: (id: number) => api.delete<{ items: Reminder[] }>(`/api/tasks/${taskId}/reminders/${id}`), onSuccess: done });
  return { list, add, remove };
}
