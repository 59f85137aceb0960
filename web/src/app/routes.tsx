import { Suspense, type ReactNode } from 'react';
import { createBrowserRouter, matchPath, type RouteObject } from 'react-router';
import { routerBasename } from '../api/portal';
import { meKey } from '../features/auth/api';
import { features } from '../features';
import { AuthGate, ShellSkeleton } from './AuthGate';
import { queryClient, setUnauthorizedHandler } from './query-client';
import { RouteError } from './RouteError';

function Public({ children }: { children: ReactNode }) {
  return <Suspense fallback={<ShellSkeleton />}>{children}</Suspense>;
}

/** Pages without the frame (sign-in, invitation, the operator's page), each feature's own. */
const publicRoutes: RouteObject[] = features.flatMap((f) => f.publicRoutes ?? []).map((r) => ({ ...r, element: <Public>{r.element}</Public>, errorElement: <RouteError fullPage /> }));

/** Pages inside the shell, each feature's own. */
const shellRoutes: RouteObject[] = features.flatMap((f) => f.routes ?? []);

export const router = createBrowserRouter(
  [
    ...publicRoutes,
    {
      path: '/',
      element: <AuthGate />,
      errorElement: <RouteError fullPage />,
      // A page that fails shows its error inside the frame, with the menu still there.
      children: [{ errorElement: <RouteError />, children: shellRoutes }],
    },
  ],
  { basename: routerBasename },
);

const isPublic = (pathname: string) => publicRoutes.some((r) => r.path && matchPath(r.path, pathname));

// A request answered 401 means the session is gone: to the sign-in page, back here afterwards.
setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (isPublic(pathname)) return;
  queryClient.removeQueries({ queryKey: meKey });
  void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
});
