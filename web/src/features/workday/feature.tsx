import { IconClockHour4 } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';
import { WorkdayPanel } from './WorkdayPanel';

/** «Рабочий день» in the top bar and «Учёт рабочего времени» under /timeman (the menu entry `timeman` names the icon `clock`). */
export const workdayFeature: WebFeature = {
  name: 'workday',
  routes: [{ path: 'timeman/*', element: page(() => import('./WorktimePage')) }],
  icons: { clock: IconClockHour4 },
  topBar: [WorkdayPanel],
};
