import { IconUsersGroup } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

export const groupsFeature: WebFeature = {
  name: 'groups',
  routes: [
    { path: 'groups', element: page(() => import('./GroupsPage')) },
    { path: 'groups/:id', element: page(() => import('./GroupPage')) },
    { path: 'groups/:id/:tab', element: page(() => import('./GroupPage')) },
  ],
  icons: { groups: IconUsersGroup },
};
