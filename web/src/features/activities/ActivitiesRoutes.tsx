import { Navigate, Route, Routes } from 'react-router';
import '../crm/i18n';
import './i18n';
import ActivitiesPage from './ActivitiesPage';

/** /crm/activity — «Мои дела». */
export default function ActivitiesRoutes() {
  return (
    <Routes>
      <Route index element={<ActivitiesPage />} />
      <Route path="*" element={<Navigate to="/crm/activity" replace />} />
    </Routes>
  );
}
