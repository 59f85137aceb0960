import { IconChecklist } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';

export default function ReportsPage() {
  const { t } = useTasksT();
  return (
    <TasksPage view="reports">
      <EmptyState icon={<IconChecklist size={30} />} title={t('views.reports')} description={t('soon')} />
    </TasksPage>
  );
}
