import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

/** Stage automation: the designer of a pipeline's robots and triggers («Роботы») and the run log, under /crm/automation. */
export const automationFeature: WebFeature = {
  name: 'automation',
  routes: [{ path: 'crm/automation/*', element: page(() => import('./AutomationRoutes')) }],
};
