import type { QueryClient } from '@tanstack/react-query';
import type { LoginResponse } from '@vavilon/contracts';
import { switchLanguage } from '../../i18n';
import { fetchMe, meKey } from './api';

/** Only a path inside this app is a safe place to return to. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

/** Loads the session the server has just opened, so the shell renders at once. */
export async function enterPortal(queryClient: QueryClient, res: LoginResponse): Promise<void> {
  queryClient.removeQueries();
  if (res.user) await switchLanguage(res.user.language);
  await queryClient.fetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity });
}
