import { ActionIcon, Alert, Group, Paper, Stack, Text } from '@mantine/core';
import { IconTrash, IconTrophy } from '@tabler/icons-react';
import type { Task, TaskCard } from '@vavilon/contracts';
import { CommentEditor, CommentView } from '../../../ui/comments';
import { formatDateTime } from '../../../ui/format';
import { showError } from '../../../ui/toasts';
import { useTasksT } from '../i18n';
import { useCardWrites } from './api';

/** «Результат»: what the work came to, written by a participant; a task with «Обязательный результат» waits for one. */
export function Results({ task, card }: { task: Task; card: TaskCard }) {
  const { t } = useTasksT();
  const w = useCardWrites(task.id);
  return (
    <Stack gap="sm">
      {task.requireResult && !card.results.length ? (
        <Alert color="orange" variant="light" icon={<IconTrophy size={16} />} p="xs">
          {t('result.required')}
        </Alert>
      ) : null}
      {card.results.map((r) => (
        <Paper key={r.id} withBorder p="sm" radius="md" bg="green.0" data-testid="task-result">
          <Group justify="space-between" mb={4}>
            <Text size="xs" c="dimmed">
              {r.author?.fullName} · {formatDateTime(r.createdAt)}
            </Text>
            {r.mine || task.abilities.edit ? (
              <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('result.delete')} onClick={() => void w.deleteResult.mutateAsync(r.id).catch(showError)}>
                <IconTrash size={14} />
              </ActionIcon>
            ) : null}
          </Group>
          <CommentView html={r.html} />
        </Paper>
      ))}
      {!card.results.length && !task.requireResult ? (
        <Text size="sm" c="dimmed">
          {t('result.empty')}
        </Text>
      ) : null}
      {card.abilities.addResult ? (
        <CommentEditor
          label={t('result.add')}
          submitLabel={t('result.save')}
          withFiles={false}
          submitting={w.addResult.isPending}
          onSubmit={(c) => w.addResult.mutateAsync(c.html).catch((e) => (showError(e), Promise.reject(e)))}
        />
      ) : null}
    </Stack>
  );
}
