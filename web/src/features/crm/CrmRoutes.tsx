import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { PageSkeleton } from '../../ui/PageSkeleton';
import './i18n';
import CardPage, { CardSlider } from './card/CardHost';
import DealsPage from './deals/DealsPage';
import { ListPage } from './list/ListPage';
import { sliderState } from './navigation';

const SettingsPage = lazy(() => import('./settings/SettingsPage'));
const DuplicatesPage = lazy(() => import('./duplicates/DuplicatesPage'));
const MergePage = lazy(() => import('./merge/MergePage'));
const TrashPage = lazy(() => import('./trash/TrashPage'));
// «Мои дела» is the activities feature's page; it shows here when a card slides over it.
const ActivitiesRoutes = lazy(() => import('../activities/ActivitiesRoutes'));

/**
 * The CRM section under /crm: deals (Kanban, list, activities, calendar), leads, contacts,
 * companies and settings. A card opened from a page slides over it (the page stays where it was);
 * the same address opened directly shows the card as a page.
 */
export default function CrmRoutes() {
  const location = useLocation();
  const slider = sliderState(location.state);
  return (
    <>
      <Routes location={slider ? slider.backgroundLocation : location}>
        <Route index element={<Navigate to="deal" replace />} />
        <Route path="deal" element={<DealsPage />} />
        <Route path="deal/:view" element={<DealsPage />} />
        <Route path="lead" element={<Navigate to="list" replace />} />
        <Route path="lead/list" element={<ListPage entity="lead" />} />
        <Route path="contact" element={<Navigate to="list" replace />} />
        <Route path="contact/list" element={<ListPage entity="contact" />} />
        <Route path="company" element={<Navigate to="list" replace />} />
        <Route path="company/list" element={<ListPage entity="company" />} />
        <Route
          path="trash"
          element={
            <Suspense fallback={<PageSkeleton />}>
              <TrashPage />
            </Suspense>
          }
        />
        <Route path=":entity/details/:id" element={<CardPage />} />
        <Route
          path="duplicates"
          element={
            <Suspense fallback={<PageSkeleton />}>
              <DuplicatesPage />
            </Suspense>
          }
        />
        <Route
          path=":entity/merge"
          element={
            <Suspense fallback={<PageSkeleton />}>
              <MergePage />
            </Suspense>
          }
        />
        <Route
          path="activity/*"
          element={
            <Suspense fallback={<PageSkeleton />}>
              <ActivitiesRoutes />
            </Suspense>
          }
        />
        <Route
          path="settings/*"
          element={
            <Suspense fallback={<PageSkeleton />}>
              <SettingsPage />
            </Suspense>
          }
        />
        <Route path="*" element={<Navigate to="/crm/deal" replace />} />
      </Routes>
      {slider ? (
        <Routes>
          <Route path=":entity/details/:id" element={<CardSlider />} />
          <Route path="*" element={null} />
        </Routes>
      ) : null}
    </>
  );
}
