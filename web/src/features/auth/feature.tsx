import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

export const authFeature: WebFeature = {
  name: 'auth',
  publicRoutes: [
    { path: '/login', element: page(() => import('./LoginPage')) },
    { path: '/passport', element: page(() => import('./PassportPage')) },
    { path: '/invite/:token', element: page(() => import('./SetPasswordPage'), { mode: 'invite' as const }) },
    { path: '/reset/:token', element: page(() => import('./SetPasswordPage'), { mode: 'reset' as const }) },
  ],
};
