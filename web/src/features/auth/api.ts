import { useQuery } from '@tanstack/react-query';
import type { LoginResponse, Me, PortalInfo, PortalRef } from '@vavilon/contracts';
import { api, setCsrfToken } from '../../api/client';

export type TokenInfo = { login: string; name: string; portal: string | null; hasPassword: boolean };

export const meKey = ['me'] as const;

export async function fetchMe(): Promise<Me> {
  const me = await api.get<Me>('/api/auth/me');
  setCsrfToken(me.csrfToken);
  return me;
}

/**
 * The signed-in user; errors (401 = not signed in) are handled by the caller.
 * `passive` readers (the sign-in page) never ask again after a failed answer,
 * so that a page shown because of that failure does not loop on it.
 */
export function useMeQuery(passive = false) {
  return useQuery({
    queryKey: meKey,
    queryFn: fetchMe,
    staleTime: Infinity,
    meta: { silent: true },
    ...(passive ? { retryOnMount: false, refetchOnMount: false } : {}),
  });
}

export function usePortalInfo() {
  return useQuery({
    queryKey: ['portal-info'],
    queryFn: () => api.get<PortalInfo>('/api/portal/info'),
    staleTime: Infinity,
    meta: { silent: true },
  });
}

export async function login(body: { login: string; password: string }): Promise<LoginResponse> {
  const res = await api.post<LoginResponse>('/api/auth/login', body);
  setCsrfToken(res.csrfToken);
  return res;
}

export function forgotPassword(loginValue: string) {
  return api.post<{ ok: true }>('/api/auth/password/forgot', { login: loginValue });
}

export function fetchTokenInfo(token: string) {
  return api.get<TokenInfo>(`/api/auth/token/${encodeURIComponent(token)}`);
}

export async function setPassword(body: { token: string; password: string }): Promise<LoginResponse> {
  const res = await api.post<LoginResponse>('/api/auth/password/set', body);
  setCsrfToken(res.csrfToken);
  return res;
}

export function logout() {
  return api.post<{ ok: true }>('/api/auth/logout');
}

export function fetchPassportPortals() {
  return api.get<{ portals: PortalRef[] }>('/api/passport/portals');
}
