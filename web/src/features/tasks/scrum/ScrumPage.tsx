import { Navigate, Route, Routes } from 'react-router';
import './i18n';
import { ProjectPage } from './ProjectPage';
import { ProjectsList } from './ProjectsList';

/** «Скрам» under /tasks/scrum: the user's Scrum projects, and each project's planning, sprint board and reports. */
export default function ScrumPage() {
  return (
    <Routes>
      <Route index element={<ProjectsList />} />
      <Route path=":groupId/:tab?" element={<ProjectPage />} />
      <Route path="*" element={<Navigate to="/tasks/scrum" replace />} />
    </Routes>
  );
}
