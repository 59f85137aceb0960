import { IconCalendar } from '@tabler/icons-react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';

/** «Календарь» under /calendar: the user's, the company's, groups' and colleagues' calendars, meetings, the planner. */
export const calendarFeature: WebFeature = {
  name: 'calendar',
  routes: [{ path: 'calendar/*', element: page(() => import('./CalendarPage')) }],
  icons: { calendar: IconCalendar },
};
