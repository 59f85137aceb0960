import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Task, TaskCard } from '@vavilon/contracts';
import { formatDateTime } from '../../../ui/format';
import { useTasksT } from '../i18n';
import { taskPath, useOpenTask } from '../navigation';
import { AddLine } from './AddLine';
import { useCardWrites } from './api';

/** «Подзадачи»: the task's subtasks the viewer may see, and a new one in a line. */
export function Subtasks({ task, card }: { task: Task; card: TaskCard }) {
  const { t } = useTasksT();
  const open = useOpenTask();
  const w = useCardWrites(task.id);
  return (
    <Stack gap={6}>
      {card.subtasks.length ? (
        card.subtasks.map((s) => (
          <Group key={s.id} gap="sm" wrap="nowrap" data-testid="subtask">
            <Anchor
              href={taskPath(s.id)}
              size="sm"
              style={{ flex: 1, textDecoration: s.status === 'completed' ? 'line-through' : undefined }}
              onClick={(e) => {
                e.preventDefault();
                open(s.id);
              }}
            >
              {s.title}
            </Anchor>
            <Badge size="sm" variant="light" color={s.status === 'completed' ? 'teal' : 'gray'}>
              {t(`status.${s.status}`)}
            </Badge>
            <Text size="xs" c="dimmed" w={140}>
              {s.deadline ? formatDateTime(s.deadline) : t('card.noDeadline')}
            </Text>
            <Text size="xs" w={140} truncate>
              {s.responsible?.fullName}
            </Text>
          </Group>
        ))
      ) : (
        <Text size="sm" c="dimmed">
          {t('subtasks.empty')}
        </Text>
      )}
      {card.abilities.addSubtask ? (
        <AddLine placeholder={t('subtasks.placeholder')} label={t('subtasks.add')} icon={<IconPlus size={14} />} onAdd={(title) => w.addSubtask.mutateAsync({ title })} />
      ) : null}
    </Stack>
  );
}
