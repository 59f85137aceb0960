import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconFlame, IconLock } from '@tabler/icons-react';
import type { Task } from '@vavilon/contracts';
import { formatDateTime } from '../../../ui/format';
import { UserAvatar } from '../../../ui/UserAvatar';
import { useTasksT } from '../i18n';
import './i18n';

const STATUS_COLORS: Record<Task['status'], string> = { pending: 'gray', in_progress: 'blue', review: 'orange', completed: 'teal', deferred: 'gray' };

function avatarUser(u: NonNullable<Task['responsible']>) {
  const [firstName = '', ...rest] = u.fullName.split(' ');
  return { ...u, firstName, lastName: rest.join(' ') };
}

/** A task on a board («Сроки», «Мой план»): title, deadline (red once passed, a lock when only its creator may change it), status, responsible. */
export function TaskBoardCard({ task }: { task: Task }) {
  const { t } = useTasksT();
  const overdue = task.deadline !== null && Date.parse(task.deadline) < Date.now();
  return (
    <>
      <Group gap={4} wrap="nowrap" align="flex-start">
        {task.important ? <IconFlame size={14} color="var(--mantine-color-orange-6)" aria-label={t('field.important')} style={{ flex: 'none', marginTop: 2 }} /> : null}
        <Text size="sm" fw={600} c="brand.8" lh={1.35} style={{ wordBreak: 'break-word' }}>
          {task.title}
        </Text>
      </Group>
      <Group justify="space-between" wrap="nowrap" mt={6} gap={6}>
        <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
          {!task.abilities.changeDeadline ? (
            <Tooltip label={t('deadlines.locked')}>
              <IconLock size={13} aria-label={t('deadlines.locked')} style={{ flex: 'none' }} />
            </Tooltip>
          ) : null}
          <Text size="xs" c={overdue ? 'red.7' : 'dimmed'} fw={overdue ? 600 : undefined} truncate title={overdue ? t('card.overdue') : undefined}>
            {task.deadline ? formatDateTime(task.deadline) : t('deadlines.noDeadline')}
          </Text>
        </Group>
        {task.responsible ? (
          <Tooltip label={t('card.responsible', { name: task.responsible.fullName })}>
            <span style={{ flex: 'none' }}>
              <UserAvatar user={avatarUser(task.responsible)} size={22} />
            </span>
          </Tooltip>
        ) : null}
      </Group>
      <Badge mt={6} size="xs" variant="light" color={STATUS_COLORS[task.status]}>
        {t(`status.${task.status}`)}
      </Badge>
    </>
  );
}
