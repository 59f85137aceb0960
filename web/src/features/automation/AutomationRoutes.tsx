import { Navigate, Route, Routes } from 'react-router';
import { ForbiddenPage } from '../../ui/AccessStates';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { usePipelines } from '../crm/api';
import DesignerPage from './designer/DesignerPage';
import RunLogPage from './log/RunLogPage';
import { useMayConfigure } from './access';
import './words';

/** /crm/automation/:pipelineId — the designer; /crm/automation/log — the run log (administrators). */
export default function AutomationRoutes() {
  const may = useMayConfigure();
  if (may === null) return <PageSkeleton rows={4} />;
  if (!may) return <ForbiddenPage />;
  return (
    <Routes>
      <Route index element={<DefaultPipeline />} />
      <Route path="log" element={<RunLogPage />} />
      <Route path=":pipelineId" element={<DesignerPage />} />
      <Route path="*" element={<Navigate to="/crm/automation" replace />} />
    </Routes>
  );
}

function DefaultPipeline() {
  const pipelines = usePipelines();
  if (!pipelines.data) return <PageSkeleton rows={4} />;
  const p = pipelines.data.find((x) => x.isDefault) ?? pipelines.data[0];
  return <Navigate to={p ? `/crm/automation/${p.id}` : '/crm/automation/0'} replace />;
}
