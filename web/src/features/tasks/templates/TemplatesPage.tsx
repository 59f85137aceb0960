import { IconChecklist } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';

export default function TemplatesPage() {
  const { t } = useTasksT();
  return (
    <TasksPage view="templates">
      <EmptyState icon={<IconChecklist size={30} />} title={t('views.templates')} description={t('soon')} />
    </TasksPage>
  );
}
