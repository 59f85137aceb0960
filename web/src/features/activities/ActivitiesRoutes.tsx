import { Navigate, Route, Routes } from 'react-router';
import { CrmPage } from '../crm/CrmFrame';
import { EmptyState } from '../../ui/EmptyState';

/** /crm/activity — «Мои дела». */
export default function ActivitiesRoutes() {
  return (
    <Routes>
      <Route
        index
        element={
          <CrmPage section="activity" title="Мои дела">
            <EmptyState icon={null} title="Мои дела" />
          </CrmPage>
        }
      />
      <Route path="*" element={<Navigate to="/crm/activity" replace />} />
    </Routes>
  );
}
