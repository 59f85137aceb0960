import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { BoardPage, DeadlineColumnId, DeadlineMove, DeadlinesBoard, Task } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { tasksKeys } from '../api';

/** The browser's zone: «Сроки» counts days and weeks as the user lives them. */
export const userZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const deadlinesKey = (tz: string) => [...tasksKeys.view('deadlines'), tz] as const;

export function useDeadlines(tz: string) {
  return useQuery({
    queryKey: deadlinesKey(tz),
    queryFn: ({ signal }) => api.get<DeadlinesBoard>('/api/tasks/boards/deadlines', { tz }, signal),
    placeholderData: keepPreviousData,
  });
}

export const deadlineColumnPage = (column: DeadlineColumnId, tz: string, offset: number) => api.get<BoardPage>(`/api/tasks/boards/deadlines/${column}`, { tz, offset });

/** Drops a task on a column: the server sets the deadline that fits it (refused when it is locked). */
export const moveToColumn = (id: number, move: DeadlineMove) => api.post<Task>(`/api/tasks/boards/deadlines/tasks/${id}`, move);
