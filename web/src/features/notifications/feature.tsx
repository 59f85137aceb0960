import { IconBell } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';
import { NotificationBell } from './NotificationBell';

export const notificationsFeature: WebFeature = {
  name: 'notifications',
  routes: [{ path: 'notifications', element: page(() => import('./NotificationsPage')) }],
  icons: { bell: IconBell, notifications: IconBell },
  topBar: [NotificationBell],
};
