import { IconNews } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

/** «Новости» under /stream (the feed is also the content of «Главная»), and a person's «Благодарности». */
export const feedFeature: WebFeature = {
  name: 'feed',
  routes: [
    { path: 'stream', element: page(() => import('./FeedPage')) },
    { path: 'stream/thanks/:userId', element: page(() => import('./ThanksPage')) },
  ],
  icons: { feed: IconNews },
};
