import type { ReactNode } from 'react';
import { ViewSwitcher } from '../../ui/nav';
import { CrmPage } from '../crm/CrmFrame';
import { useAutoT } from './words';

/** A page of the automation inside the CRM: the CRM's navigation, then «Роботы · Журнал роботов». */
export function AutomationPage({ current, pipelineId, actions, children }: { current: 'designer' | 'log'; pipelineId?: number; actions?: ReactNode; children: ReactNode }) {
  const { t } = useAutoT();
  const designerTo = pipelineId ? `/crm/automation/${pipelineId}` : '/crm/automation';
  return (
    <CrmPage section="deal" title={t(current === 'log' ? 'log.title' : 'designer.title')} actions={actions}>
      <div style={{ marginBottom: 12 }}>
        <ViewSwitcher
          label={t('designer.title')}
          current={current}
          items={[
            { id: 'designer', to: designerTo, label: t('designer.title') },
            { id: 'log', to: pipelineId ? `/crm/automation/log?pipeline=${pipelineId}` : '/crm/automation/log', label: t('designer.log') },
          ]}
        />
      </div>
      {children}
    </CrmPage>
  );
}
