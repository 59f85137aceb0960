import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Activity, ActivityList, ActivityType, ActivityView } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { onEntityChanged } from '../../../app/realtime';
import { ENTITY_TYPES } from '../types';

export type { Activity, ActivityType, ActivityView };

/** The filters of the deals' «Дела» (one pipeline) or of one deal's Kanban popover. */
export interface DealActivityParams {
  pipelineId?: number;
  dealId?: number;
  view: ActivityView;
  type?: ActivityType;
  responsible?: 'me' | number;
  from?: string;
  to?: string;
  limit?: number;
}

const base = ['crm', 'deal', 'activities'] as const;
export const dealActivitiesKey = (p: DealActivityParams) => [...base, p] as const;

// An activity changed anywhere (here, in «Мои дела», by someone else): the counts of cards and lists and these views follow.
onEntityChanged('activity', () => ENTITY_TYPES.map((e) => ['crm', e] as const));

const fetchPage = (p: DealActivityParams, cursor: string | undefined, signal?: AbortSignal) => api.get<ActivityList>('/api/crm/deals/activities', { ...p, cursor }, signal);

/** The deals' «Дела»: pages by keyset, «Показать ещё» loads the next. */
export function useDealActivities(params: DealActivityParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: dealActivitiesKey(params),
    queryFn: ({ pageParam, signal }) => fetchPage(params, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** One page (a Kanban card's popover, the calendar's month). */
export function useDealActivityPage(params: DealActivityParams, enabled = true) {
  return useQuery({
    queryKey: [...dealActivitiesKey(params), 'page'],
    queryFn: ({ signal }) => fetchPage(params, undefined, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
