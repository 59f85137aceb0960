import { IconChecklist } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import type { WebFeature } from '../../app/feature';
import { page } from '../../app/lazy-page';
import { PageSkeleton } from '../../ui/PageSkeleton';
import i18n from '../../i18n';
import { TodayTasks } from './TodayTasks';

// The list's code and words load with the tab, not with the shell.
const GroupTasks = lazy(() => import('./list/GroupTasks').then((m) => ({ default: m.GroupTasks })));

export const tasksFeature: WebFeature = {
  name: 'tasks',
  routes: [{ path: 'tasks/*', element: page(() => import('./TasksRoutes')) }],
  icons: { tasks: IconChecklist },
  // The workday panel's «Задачи на сегодня».
  todaySections: [{ id: 'tasks', order: 10, component: TodayTasks }],
  // The group page's «Задачи»: the list fixed to the group's tasks.
  groupTabs: [
    {
      id: 'tasks',
      title: () => (i18n.language === 'en' ? 'Tasks' : 'Задачи'),
      order: 10,
      element: (groupId) => (
        <Suspense fallback={<PageSkeleton />}>
          <GroupTasks groupId={groupId} />
        </Suspense>
      ),
    },
  ],
};
