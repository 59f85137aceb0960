import { useQuery } from '@tanstack/react-query';
import type { CreatePortalRequest, CreatedPortal, OperatorPortalList, OperatorStatus } from '@vavilon/contracts';
import { api } from '../../api/client';

export const operatorStatusKey = ['operator', 'me'] as const;
export const operatorPortalsKey = ['operator', 'portals'] as const;

/** Whether the signed-in account is the install's operator (401 when nobody is signed in). */
export function useOperatorStatus() {
  return useQuery({ queryKey: operatorStatusKey, queryFn: () => api.get<OperatorStatus>('/api/operator/me'), meta: { silent: true }, staleTime: 0 });
}

export function useOperatorPortals(enabled: boolean) {
  return useQuery({ queryKey: operatorPortalsKey, queryFn: () => api.get<OperatorPortalList>('/api/operator/portals'), enabled, meta: { silent: true } });
}

export function createPortal(body: CreatePortalRequest) {
  return api.post<CreatedPortal>('/api/operator/portals', body);
}
