import { IconChecklist } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';

export default function ListPage() {
  const { t } = useTasksT();
  return (
    <TasksPage view="list">
      <EmptyState icon={<IconChecklist size={30} />} title={t('views.list')} description={t('soon')} />
    </TasksPage>
  );
}
