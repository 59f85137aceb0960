import { IconCalendar } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';
import i18n from '../../i18n';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { TodayEvents } from './TodayEvents';

// The group tab's code loads with the tab, not with the shell.
const GroupCalendar = lazy(() => import('./GroupCalendar').then((m) => ({ default: m.GroupCalendar })));

/** «Календарь» under /calendar: the user's, the company's, groups' and colleagues' calendars, meetings, the planner; a group's «Календарь» tab. */
export const calendarFeature: WebFeature = {
  name: 'calendar',
  routes: [{ path: 'calendar/*', element: page(() => import('./CalendarPage')) }],
  icons: { calendar: IconCalendar },
  // The workday panel's «События на сегодня».
  todaySections: [{ id: 'calendar', order: 20, component: TodayEvents }],
  groupTabs: [
    {
      id: 'calendar',
      title: () => (i18n.language === 'en' ? 'Calendar' : 'Календарь'),
      order: 60,
      element: (groupId) => (
        <Suspense fallback={<PageSkeleton />}>
          <GroupCalendar groupId={groupId} />
        </Suspense>
      ),
    },
  ],
};
