import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { showError } from '../ui/toasts';

interface ErrorMeta extends Record<string, unknown> {
  /** The caller shows the error itself (e.g. in a form); no toast. */
  silent?: boolean;
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: ErrorMeta;
    mutationMeta: ErrorMeta;
  }
}

let onUnauthorized: () => void = () => {};

/** The router registers what "the session is gone" means: go to the sign-in page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

function handleError(error: unknown, silent: boolean | undefined) {
  if (isApiError(error) && error.status === 401) {
    if (!silent) onUnauthorized();
    return;
  }
  if (!silent) showError(error);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      // A failed background refresh of data already on screen is not worth a toast.
      if (query.state.data !== undefined && !(isApiError(error) && error.status === 401)) return;
      // A refused or missing page says so itself («Нет доступа», «Не найдено»): no toast over it.
      if (isApiError(error) && (error.status === 403 || error.status === 404)) return;
      handleError(error, query.meta?.silent);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => handleError(error, mutation.meta?.silent),
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => {
        if (isApiError(error) && error.status > 0 && error.status < 500) return false;
        return count < 2;
      },
    },
    mutations: { retry: false },
  },
});
