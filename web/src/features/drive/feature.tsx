import { IconFolders } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';
import i18n from '../../i18n';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { driveAttachSource } from './pick';

// The group tab's code loads with the tab, not with the shell.
const GroupDrive = lazy(() => import('./DrivePage').then((m) => ({ default: m.GroupDrive })));

/** «Диск» under /drive: «Мой диск», «Общий диск», group drives, «Общие со мной», «Корзина»; a group's «Диск» tab; public links at /s/:token; «Выбрать на Диске» wherever files are attached. */
export const driveFeature: WebFeature = {
  name: 'drive',
  routes: [{ path: 'drive/*', element: page(() => import('./DrivePage')) }],
  publicRoutes: [{ path: '/s/:token', element: page(() => import('./PublicLinkPage')) }],
  icons: { drive: IconFolders },
  groupTabs: [
    {
      id: 'drive',
      title: () => (i18n.language === 'en' ? 'Drive' : 'Диск'),
      order: 40,
      element: (groupId) => (
        <Suspense fallback={<PageSkeleton />}>
          <GroupDrive groupId={groupId} />
        </Suspense>
      ),
    },
  ],
  attachSources: [driveAttachSource],
};
