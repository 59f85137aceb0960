import { IconListCheck } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

/** CRM activities: «Мои дела» under /crm/activity; the menu entry `crm.activity` names the icon `activity`. */
export const activitiesFeature: WebFeature = {
  name: 'activities',
  routes: [{ path: 'crm/activity/*', element: page(() => import('./ActivitiesRoutes')) }],
  icons: { activity: IconListCheck },
};
