import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TaskCalendar, TaskRole } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { tasksKeys } from '../api';

/** The user's tasks with a deadline in [from, to) or planned dates overlapping it. */
export function useTaskCalendar(params: { from: string; to: string; role?: TaskRole }) {
  return useQuery({
    queryKey: [...tasksKeys.view('calendar'), params],
    queryFn: ({ signal }) => api.get<TaskCalendar>('/api/tasks/boards/calendar', params, signal),
    placeholderData: keepPreviousData,
  });
}
