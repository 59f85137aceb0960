import { Route, Routes } from 'react-router';
import './i18n';

/** /crm/automation/:pipelineId — the designer; /crm/automation/log — the run log. */
export default function AutomationRoutes() {
  return (
    <Routes>
      <Route path="*" element={null} />
    </Routes>
  );
}
