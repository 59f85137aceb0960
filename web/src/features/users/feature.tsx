import { IconBuilding, IconHierarchy2, IconUsers } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

export const usersFeature: WebFeature = {
  name: 'users',
  routes: [
    { path: 'company', element: page(() => import('./EmployeesPage')) },
    { path: 'company/structure', element: page(() => import('./StructurePage')) },
    { path: 'company/personal/user/:id', element: page(() => import('./ProfilePage')) },
  ],
  icons: { users: IconUsers, employees: IconUsers, company: IconBuilding, structure: IconHierarchy2 },
};
