import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Holiday, HolidayList, WorkdayCorrectionRequest, WorkdayDay, WorkdayDayDetail, WorkdayReport, WorkdaySchedule, WorkdaySchedulePut } from '@vavilon/contracts';
import { api } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';

export const workdayKeys = {
  all: ['workday'] as const,
  status: ['workday', 'status'] as const,
  report: (q: object) => ['workday', 'report', q] as const,
  day: (u: number, d: string) => ['workday', 'day', u, d] as const,
  corrections: ['workday', 'corrections'] as const,
  schedules: ['workday', 'schedules'] as const,
  holidays: (year: number) => ['workday', 'holidays', year] as const,
};

// Every tab of the member hears their day's change and shows the same state.
onEntityChanged('workday', () => [workdayKeys.all]);

export function useWorkdayStatus() {
  return useQuery({ queryKey: workdayKeys.status, queryFn: () => api.get<WorkdayDay>('/api/workday/status'), staleTime: 60_000 });
}

export function useWorkdayAction() {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true }, // the form shows the error beside its field, or a toast itself
    mutationFn: ({ action, body }: { action: 'open' | 'pause' | 'close'; body?: Record<string, string> }) => api.post<WorkdayDay>(`/api/workday/${action}`, body ?? {}),
    onSuccess: (day) => {
      qc.setQueryData(workdayKeys.status, day);
      void qc.invalidateQueries({ queryKey: workdayKeys.all });
    },
  });
}

export function useWorkdayReport(q: { month: string; departmentId?: number }) {
  return useQuery({ queryKey: workdayKeys.report(q), queryFn: () => api.get<WorkdayReport>('/api/workday/report', q) });
}

export function useWorkdayDay(userId: number | null, date: string | null) {
  return useQuery({ queryKey: workdayKeys.day(userId ?? 0, date ?? ''), queryFn: () => api.get<WorkdayDayDetail>(`/api/workday/days/${userId}/${date}`), enabled: !!userId && !!date });
}

export function useCorrectDay() {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true }, // the form shows the error beside its field, or a toast itself
    mutationFn: ({ userId, date, ...body }: { userId: number; date: string; intervals: { start: string; end: string }[]; reason: string }) =>
      api.put<WorkdayDayDetail>(`/api/workday/days/${userId}/${date}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: workdayKeys.all }),
  });
}

export function useCorrections() {
  return useQuery({ queryKey: workdayKeys.corrections, queryFn: () => api.get<{ items: WorkdayCorrectionRequest[] }>('/api/workday/requests') });
}

export function useDecide() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve }: { id: number; approve: boolean }) => api.post<WorkdayCorrectionRequest>(`/api/workday/requests/${id}/decide`, { approve }),
    onSuccess: () => qc.invalidateQueries({ queryKey: workdayKeys.all }),
  });
}

export function useRequestCorrection() {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true }, // the form shows the error beside its field, or a toast itself
    mutationFn: ({ userId, date, ...body }: { userId: number; date: string; intervals: { start: string; end: string }[]; reason: string }) =>
      api.post<WorkdayCorrectionRequest>(`/api/workday/days/${userId}/${date}/requests`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: workdayKeys.corrections }),
  });
}

export function useSchedules() {
  return useQuery({ queryKey: workdayKeys.schedules, queryFn: () => api.get<{ items: WorkdaySchedule[] }>('/api/workday/schedules') });
}

export function usePutSchedule() {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true }, // the form shows the error beside its field, or a toast itself
    mutationFn: (body: WorkdaySchedulePut) => api.put<WorkdaySchedule>('/api/workday/schedules', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: workdayKeys.all }),
  });
}

export function useDeleteSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ items: WorkdaySchedule[] }>(`/api/workday/schedules/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: workdayKeys.all }),
  });
}

export function useHolidays(year: number) {
  return useQuery({ queryKey: workdayKeys.holidays(year), queryFn: () => api.get<HolidayList>(`/api/workday/holidays/${year}`) });
}

export function usePutHolidays(year: number) {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true }, // the form shows the error beside its field, or a toast itself
    mutationFn: (items: Holiday[]) => api.put<HolidayList>(`/api/workday/holidays/${year}`, { items }),
    onSuccess: () => qc.invalidateQueries({ queryKey: workdayKeys.all }),
  });
}
