import { IconAlertTriangle, IconMail, IconMailForward } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

export const adminFeature: WebFeature = {
  name: 'admin',
  routes: [
    { path: 'settings/mail-outbox', element: page(() => import('./MailOutboxPage')) },
    { path: 'settings/processor-failures', element: page(() => import('./ProcessorFailuresPage')) },
  ],
  icons: { mail: IconMail, outbox: IconMailForward, alert: IconAlertTriangle },
};
