import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { sliderState } from '../../ui/slider';
import { PageSkeleton } from '../../ui/PageSkeleton';
import './i18n';

// Made once: the routes render again on every move (a slider opening over a view keeps that view mounted).
const lazyPage = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Page />
    </Suspense>
  );
};
const pages = {
  list: lazyPage(() => import('./list/ListPage')),
  deadlines: lazyPage(() => import('./deadlines/DeadlinesPage')),
  plan: lazyPage(() => import('./plan/PlanPage')),
  calendar: lazyPage(() => import('./calendar/CalendarPage')),
  gantt: lazyPage(() => import('./gantt/GanttPage')),
  scrum: lazyPage(() => import('./scrum/ScrumPage')),
  templates: lazyPage(() => import('./templates/TemplatesPage')),
  reports: lazyPage(() => import('./reports/ReportsPage')),
  card: lazyPage(() => import('./card/TaskCardPage')),
};

const TaskCardSlider = lazy(() => import('./card/TaskCardPage').then((m) => ({ default: m.TaskCardSlider })));

/** «Задачи и проекты» under /tasks: one route per view, and a task's card at /tasks/task/<id> (a slider over the view it was opened from). */
export default function TasksRoutes() {
  const location = useLocation();
  const st = sliderState(location.state);
  const slider = st && st.backgroundLocation.pathname.startsWith('/tasks/') && !st.backgroundLocation.pathname.startsWith('/tasks/task/') ? st : null;
  return (
    <>
      <Routes location={slider ? slider.backgroundLocation : location}>
        <Route index element={<Navigate to="list" replace />} />
        <Route path="list" element={pages.list} />
        <Route path="deadlines" element={pages.deadlines} />
        <Route path="plan" element={pages.plan} />
        <Route path="calendar" element={pages.calendar} />
        <Route path="gantt" element={pages.gantt} />
        <Route path="scrum/*" element={pages.scrum} />
        <Route path="templates/*" element={pages.templates} />
        <Route path="reports" element={pages.reports} />
        <Route path="task/:id" element={pages.card} />
        <Route path="*" element={<Navigate to="/tasks/list" replace />} />
      </Routes>
      {slider ? (
        <Routes>
          <Route
            path="task/:id"
            element={
              <Suspense fallback={null}>
                <TaskCardSlider />
              </Suspense>
            }
          />
          <Route path="*" element={null} />
        </Routes>
      ) : null}
    </>
  );
}
