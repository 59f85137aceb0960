import { IconChecklist } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

export const tasksFeature: WebFeature = {
  name: 'tasks',
  routes: [{ path: 'tasks/*', element: page(() => import('./TasksRoutes')) }],
  icons: { tasks: IconChecklist },
};
