import { IconChecklist } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';

export default function PlanPage() {
  const { t } = useTasksT();
  return (
    <TasksPage view="plan">
      <EmptyState icon={<IconChecklist size={30} />} title={t('views.plan')} description={t('soon')} />
    </TasksPage>
  );
}
