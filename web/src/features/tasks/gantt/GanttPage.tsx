import { IconChecklist } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';

export default function GanttPage() {
  const { t } = useTasksT();
  return (
    <TasksPage view="gantt">
      <EmptyState icon={<IconChecklist size={30} />} title={t('views.gantt')} description={t('soon')} />
    </TasksPage>
  );
}
