import { IconChecklist } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';

export default function ScrumPage() {
  const { t } = useTasksT();
  return (
    <TasksPage view="scrum">
      <EmptyState icon={<IconChecklist size={30} />} title={t('views.scrum')} description={t('soon')} />
    </TasksPage>
  );
}
