import { IconChecklist } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';

export default function DeadlinesPage() {
  const { t } = useTasksT();
  return (
    <TasksPage view="deadlines">
      <EmptyState icon={<IconChecklist size={30} />} title={t('views.deadlines')} description={t('soon')} />
    </TasksPage>
  );
}
