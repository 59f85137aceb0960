import { IconChecklist } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';

export default function CalendarPage() {
  const { t } = useTasksT();
  return (
    <TasksPage view="calendar">
      <EmptyState icon={<IconChecklist size={30} />} title={t('views.calendar')} description={t('soon')} />
    </TasksPage>
  );
}
