import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { onRealtime } from '../../app/realtime';
import { PageSkeleton } from '../../ui/PageSkeleton';
import './i18n';
import CardPage, { CardSlider } from './card/CardHost';
import DealsPage from './deals/DealsPage';
import { ListPage } from './list/ListPage';
import { sliderState } from './navigation';
import { isEntityType } from './types';

const SettingsPage = lazy(() => import('./settings/SettingsPage'));

/** Pushed changes of CRM items refresh what shows them (lists, Kanban, cards). */
function useCrmRealtime() {
  const qc = useQueryClient();
  useEffect(
    () =>
      onRealtime((msg) => {
        if (msg.type !== 'entity.changed') return;
        const type = msg.entityType.replace(/^crm\./, '');
        if (isEntityType(type)) void qc.invalidateQueries({ queryKey: ['crm', type] });
        else if (type === 'pipeline' || type === 'stage') {
          void qc.invalidateQueries({ queryKey: ['crm', 'pipelines'] });
          void qc.invalidateQueries({ queryKey: ['crm', 'lead-statuses'] });
        } else if (type === 'field') {
          void qc.invalidateQueries({ queryKey: ['crm', 'fields'] });
          void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'crm' && q.queryKey[2] === 'columns' });
        } else if (type === 'layout') void qc.invalidateQueries({ queryKey: ['crm', 'layout'] });
        else if (type === 'role') void qc.invalidateQueries({ queryKey: ['crm', 'roles'] });
        else if (type === 'import') void qc.invalidateQueries({ queryKey: ['crm.import', msg.entityId] });
      }),
    [qc],
  );
}

/**
 * The CRM section under /crm: deals (Kanban, list, activities, calendar), leads, contacts,
 * companies and settings. A card opened from a page slides over it (the page stays where it was);
 * the same address opened directly shows the card as a page.
 */
export default function CrmRoutes() {
  const location = useLocation();
  const slider = sliderState(location.state);
  useCrmRealtime();
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
        <Route path=":entity/details/:id" element={<CardPage />} />
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
