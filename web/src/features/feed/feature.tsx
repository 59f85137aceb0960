import { IconNews } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';
import i18n from '../../i18n';
import { PageSkeleton } from '../../ui/PageSkeleton';

// The group tab's code loads with the tab, not with the shell.
const GroupFeed = lazy(() => import('./GroupFeed').then((m) => ({ default: m.GroupFeed })));

/** «Новости» under /stream (the feed is also the content of «Главная»), a person's «Благодарности» and a group's «Лента». */
export const feedFeature: WebFeature = {
  name: 'feed',
  routes: [
    { path: 'stream', element: page(() => import('./FeedPage')) },
    { path: 'stream/thanks/:userId', element: page(() => import('./ThanksPage')) },
  ],
  icons: { feed: IconNews },
  groupTabs: [
    {
      id: 'feed',
      title: () => (i18n.language === 'en' ? 'Feed' : 'Лента'),
      order: 30,
      element: (groupId) => (
        <Suspense fallback={<PageSkeleton />}>
          <GroupFeed groupId={groupId} />
        </Suspense>
      ),
    },
  ],
};
