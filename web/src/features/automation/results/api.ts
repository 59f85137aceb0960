import { useQuery } from '@tanstack/react-query';
import type { AutomationRequest, Deal } from '@vavilon/contracts';
import { api } from '../../../api/client';

export const requestsKey = (dealId: number) => ['automation', 'requests', dealId] as const;

export function setResult(dealId: number, field: string, value: string): Promise<Deal> {
  return api.post<Deal>(`/api/automation/deals/${dealId}/result`, { field, value });
}

export function answerRequest(id: number, deadline: string): Promise<unknown> {
  return api.post(`/api/automation/requests/${id}/answer`, { deadline });
}

/** The open requests of the deal asked of me (the results block asks again after a result: the robot asks in the engine's turn). */
export function useDealRequests(dealId: number) {
  return useQuery({
    queryKey: requestsKey(dealId),
    queryFn: ({ signal }) => api.get<AutomationRequest[]>('/api/automation/requests', { dealId }, signal),
    enabled: dealId > 0,
    meta: { silent: true },
    retry: false,
  });
}
