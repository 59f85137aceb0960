import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AttendeeAnswer, Calendar, CalendarEvent, EventInput, EventPatch, OccurrenceList, OccurrenceScope } from '@vavilon/contracts';
import { api, withQuery } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';

export const calendarKeys = {
  all: ['calendar'] as const,
  calendars: (q: object) => ['calendar', 'calendars', q] as const,
  occurrences: (q: object) => ['calendar', 'occurrences', q] as const,
  event: (id: number) => ['calendar', 'event', id] as const,
  rooms: ['calendar', 'rooms'] as const,
  planner: (q: object) => ['calendar', 'planner', q] as const,
};

// A colleague's change to an event or a calendar the user sees shows at once.
onEntityChanged('calendar_event', () => [calendarKeys.all]);
onEntityChanged('calendar', () => [calendarKeys.all]);

export type Room = { id: number; name: string; capacity: number | null };
export type PlannerData = { busy: { kind: 'user' | 'room'; id: number; startAt: string; endAt: string }[]; firstFree: { startAt: string; endAt: string } | null };

/** The user's own calendars, or a colleague's (`userId`) or a group's (`groupId`). */
export function useCalendars(q: { userId?: number; groupId?: number } = {}, enabled = true) {
  return useQuery({ queryKey: calendarKeys.calendars(q), queryFn: () => api.get<{ items: Calendar[] }>('/api/calendar/calendars', q), enabled, staleTime: 60_000 });
}

export function useOccurrences(q: { from: string; to: string; calendars: number[]; layers: boolean }) {
  const query = { from: q.from, to: q.to, calendars: q.calendars.join(','), layers: q.layers ? '1' : '0' };
  return useQuery({
    queryKey: calendarKeys.occurrences(query),
    queryFn: () => api.get<OccurrenceList>('/api/calendar/occurrences', query),
    enabled: q.calendars.length > 0 && !!q.from,
    placeholderData: keepPreviousData,
  });
}

export function useEvent(id: number | null) {
  return useQuery({ queryKey: calendarKeys.event(id ?? 0), queryFn: () => api.get<CalendarEvent>(`/api/calendar/events/${id}`), enabled: id !== null });
}

export function useRooms() {
  return useQuery({ queryKey: calendarKeys.rooms, queryFn: () => api.get<{ items: Room[] }>('/api/calendar/rooms'), staleTime: 300_000 });
}

export function usePlanner(q: { from: string; to: string; userIds: number[]; roomIds: number[]; minutes: number } | null) {
  const query = q && {
    from: q.from,
    to: q.to,
    minutes: String(q.minutes),
    ...(q.userIds.length ? { userIds: q.userIds.join(',') } : {}),
    ...(q.roomIds.length ? { roomIds: q.roomIds.join(',') } : {}),
  };
  return useQuery({
    queryKey: calendarKeys.planner(query ?? {}),
    queryFn: () => api.get<PlannerData>('/api/calendar/planner', query!),
    enabled: !!query,
    placeholderData: keepPreviousData,
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: calendarKeys.all });
}

export function useSaveEvent() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { id: null; body: EventInput } | { id: number; body: EventPatch }) =>
      v.id === null ? api.post<CalendarEvent>('/api/calendar/events', v.body) : api.patch<CalendarEvent>(`/api/calendar/events/${v.id}`, v.body),
    onSuccess: done,
  });
}

export function useDeleteEvent() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { id: number; scope: OccurrenceScope; occurrence?: string }) =>
      api.delete(withQuery(`/api/calendar/events/${v.id}`, { scope: v.scope, ...(v.occurrence ? { occurrence: v.occurrence } : {}) })),
    onSuccess: done,
  });
}

export function useAnswer() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { id: number; answer: Exclude<AttendeeAnswer, 'pending'> }) => api.post<CalendarEvent>(`/api/calendar/events/${v.id}/answer`, { answer: v.answer }),
    onSuccess: done,
  });
}

export function useUpdateCalendar() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { id: number; version: number; access?: 'busy' | 'details'; color?: string }) => api.patch<Calendar>(`/api/calendar/calendars/${v.id}`, v),
    onSuccess: done,
  });
}

export function useFeed() {
  return useMutation({ mutationFn: (id: number) => api.post<{ url: string }>(`/api/calendar/calendars/${id}/feed`, {}) });
}

export function useImport() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (v: { id: number; ics: string }) => api.post<{ imported: number }>(`/api/calendar/calendars/${v.id}/import`, { ics: v.ics }), onSuccess: done });
}
