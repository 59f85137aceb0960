import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PageSkeleton } from '../../ui/PageSkeleton';
import './i18n';

const lazyPage = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Page />
    </Suspense>
  );
};

/** «Задачи и проекты» under /tasks: one route per view, and a task's card at /tasks/task/<id>. */
export default function TasksRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="list" replace />} />
      <Route path="list" element={lazyPage(() => import('./list/ListPage'))} />
      <Route path="deadlines" element={lazyPage(() => import('./deadlines/DeadlinesPage'))} />
      <Route path="plan" element={lazyPage(() => import('./plan/PlanPage'))} />
      <Route path="calendar" element={lazyPage(() => import('./calendar/CalendarPage'))} />
      <Route path="gantt" element={lazyPage(() => import('./gantt/GanttPage'))} />
      <Route path="scrum/*" element={lazyPage(() => import('./scrum/ScrumPage'))} />
      <Route path="templates/*" element={lazyPage(() => import('./templates/TemplatesPage'))} />
      <Route path="reports" element={lazyPage(() => import('./reports/ReportsPage'))} />
      <Route path="task/:id" element={lazyPage(() => import('./card/TaskCardPage'))} />
      <Route path="*" element={<Navigate to="/tasks/list" replace />} />
    </Routes>
  );
}
