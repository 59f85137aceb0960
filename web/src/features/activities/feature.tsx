import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

/** CRM activities: «Мои дела» under /crm/activity. */
export const activitiesFeature: WebFeature = {
  name: 'activities',
  routes: [{ path: 'crm/activity/*', element: page(() => import('./ActivitiesRoutes')) }],
};
