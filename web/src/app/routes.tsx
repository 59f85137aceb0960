import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { routerBasename } from '../api/portal';
import { meKey } from '../features/auth/api';
import { AuthGate, ShellSkeleton } from './AuthGate';
import { queryClient, setUnauthorizedHandler } from './query-client';
import { RouteError } from './RouteError';

/** Every page is its own chunk; the shell's first load carries none of them. */
function page(load: () => Promise<{ default: ComponentType }>): ReactNode {
  const Page = lazy(load);
  return <Page />;
}

const LoginPage = lazy(() => import('../features/auth/LoginPage'));
const PassportPage = lazy(() => import('../features/auth/PassportPage'));
const SetPasswordPage = lazy(() => import('../features/auth/SetPasswordPage'));
const PortalsPage = lazy(() => import('../features/operator/PortalsPage'));

function Public({ children }: { children: ReactNode }) {
  return <Suspense fallback={<ShellSkeleton />}>{children}</Suspense>;
}

/** Pages inside the shell. Modules add theirs here. */
const shellRoutes: RouteObject[] = [
  { index: true, element: page(() => import('../features/shell/HomePage')) },
  { path: 'company', element: page(() => import('../features/users/EmployeesPage')) },
  { path: 'company/structure', element: page(() => import('../features/users/StructurePage')) },
  { path: 'company/personal/user/:id', element: page(() => import('../features/users/ProfilePage')) },
  { path: 'sitemap', element: page(() => import('../features/shell/SiteMapPage')) },
  { path: 'notifications', element: page(() => import('../features/notifications/NotificationsPage')) },
  { path: 'crm/*', element: page(() => import('../features/crm/CrmRoutes')) },
  { path: 'settings/mail-outbox', element: page(() => import('../features/admin/MailOutboxPage')) },
  { path: 'settings/processor-failures', element: page(() => import('../features/admin/ProcessorFailuresPage')) },
  { path: '*', element: page(() => import('../features/shell/NotFoundPage')) },
];

export const router = createBrowserRouter(
  [
    { path: '/login', element: <Public><LoginPage /></Public>, errorElement: <RouteError fullPage /> },
    { path: '/passport', element: <Public><PassportPage /></Public>, errorElement: <RouteError fullPage /> },
    { path: '/invite/:token', element: <Public><SetPasswordPage mode="invite" /></Public>, errorElement: <RouteError fullPage /> },
    { path: '/reset/:token', element: <Public><SetPasswordPage mode="reset" /></Public>, errorElement: <RouteError fullPage /> },
    { path: '/admin/portals', element: <Public><PortalsPage /></Public>, errorElement: <RouteError fullPage /> },
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

// A request answered 401 means the session is gone: to the sign-in page, back here afterwards.
setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname === '/login' || pathname === '/passport' || pathname === '/admin/portals' || pathname.startsWith('/invite/') || pathname.startsWith('/reset/')) return;
  queryClient.removeQueries({ queryKey: meKey });
  void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
});

