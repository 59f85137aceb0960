import { Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { useTask } from '../api';
import { useTasksT } from '../i18n';

/** A task's card at its own address (the card module makes it the full card, also as a slider). */
export default function TaskCardPage() {
  const { t } = useTasksT();
  const id = Number(useParams().id);
  const task = useTask(id || null);
  if (task.isLoading) return <PageSkeleton />;
  return (
    <Paper p="lg" radius="md" shadow="xs">
      <Stack gap="xs">
        <Title order={2}>{task.data?.title}</Title>
        <Text c="dimmed">{task.data ? t(`status.${task.data.status}`) : null}</Text>
      </Stack>
    </Paper>
  );
}
