import { IconAddressBook, IconBriefcase, IconListCheck, IconPackage, IconPhone, IconTargetArrow } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

export const crmFeature: WebFeature = {
  name: 'crm',
  routes: [{ path: 'crm/*', element: page(() => import('./CrmRoutes')) }],
  icons: { crm: IconBriefcase, deals: IconTargetArrow, contacts: IconAddressBook, activities: IconListCheck, products: IconPackage, telemarketing: IconPhone },
};
