import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { DuplicateCheckInput, DuplicateCheckResult, DuplicateGroupList, DuplicateMatch, DuplicateType } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { formatPhone } from '../../../ui/format';

export const duplicatesKey = (type: DuplicateType) => ['crm', type, 'duplicates'] as const;

/** The groups page by page; under the items' own key, so a change of any contact or company refreshes them. */
export function useDuplicateGroups(type: DuplicateType, pageSize: number) {
  return useInfiniteQuery({
    queryKey: [...duplicatesKey(type), 'groups', pageSize],
    queryFn: ({ signal, pageParam }) => api.get<DuplicateGroupList>('/api/crm/duplicates', { type, pageSize, ...(pageParam ? { after: pageParam } : {}) }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

/** The card's check, for what it holds so far (`null`: nothing to look for yet). */
export function useDuplicateCheck(input: DuplicateCheckInput | null) {
  return useQuery({
    queryKey: ['crm', input?.type ?? 'contact', 'duplicates', 'check', input],
    queryFn: () => api.post<DuplicateCheckResult>('/api/crm/duplicates/check', input),
    enabled: input !== null,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

/** A shared value as a person reads it: a phone written out, a name key without its company part. */
export function shownValue(m: DuplicateMatch): string {
  if (m.reason === 'phone') return formatPhone(`+${m.value}`);
  if (m.reason === 'name') return m.value.replace('|', ' · ');
  return m.value;
}

export const mergePath = (type: DuplicateType, ids: number[]) => `/crm/${type}/merge?ids=${ids.join(',')}`;
