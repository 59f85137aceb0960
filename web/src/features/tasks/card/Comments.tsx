import { Text } from '@mantine/core';
import type { Task } from '@vavilon/contracts';
import { useTasksT } from '../i18n';

/** The task's comments (the portal's one comment thread, type 'task'). */
export function Comments({ task }: { task: Task }) {
  const { t } = useTasksT();
  return (
    <Text size="sm" c="dimmed" data-task={task.id}>
      {t('comments.soon')}
    </Text>
  );
}
