import { Badge, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconFlame, IconMessageCircle } from '@tabler/icons-react';
import type { TaskListRow, TaskStatus } from '@vavilon/contracts';
import { EmptyValue, UserValue } from '../../../ui/fields';
import { formatDate, formatDateTime } from '../../../ui/format';
import type { DataColumn } from '../../../ui/data-list';
import { tasksT } from '../i18n';

const STATUS_COLOR: Record<TaskStatus, string> = { pending: 'gray', in_progress: 'blue', review: 'orange', completed: 'green', deferred: 'gray' };

/** The deadline red when passed (an open task), orange when it falls today. */
export function Deadline({ row }: { row: Pick<TaskListRow, 'deadline' | 'overdue' | 'status'> }) {
  if (!row.deadline) return <EmptyValue />;
  const d = new Date(row.deadline);
  const today = d.toDateString() === new Date().toDateString() && row.status !== 'completed';
  const color = row.overdue ? 'red' : today ? 'orange' : undefined;
  return (
    <Text size="sm" c={color} fw={row.overdue ? 600 : undefined} style={{ whiteSpace: 'nowrap' }} data-overdue={row.overdue || undefined}>
      {formatDateTime(d)}
    </Text>
  );
}

function Title({ row, onOpen }: { row: TaskListRow; onOpen: (id: number) => void }) {
  return (
    <Group gap={6} wrap="nowrap">
      {row.important ? (
        <Tooltip label={tasksT('list.important')}>
          <IconFlame size={15} color="var(--mantine-color-orange-6)" aria-label={tasksT('list.important')} />
        </Tooltip>
      ) : null}
      <UnstyledButton
        onClick={(e) => {
          e.stopPropagation();
          onOpen(row.id);
        }}
        style={{ fontSize: 14, fontWeight: 500, textDecoration: row.status === 'completed' ? 'line-through' : undefined, color: 'var(--mantine-color-brand-8, #1c7ed6)' }}
      >
        {row.title}
      </UnstyledButton>
      {row.newComments > 0 ? (
        <Badge size="sm" color="green" variant="filled" leftSection={<IconMessageCircle size={11} />} aria-label={tasksT('list.newComments', { count: row.newComments })}>
          {row.newComments}
        </Badge>
      ) : null}
    </Group>
  );
}

/** The list's columns; the chooser offers all but the title. */
export function taskColumns(onOpen: (id: number) => void, opts: { group?: boolean } = {}): DataColumn<TaskListRow>[] {
  const t = tasksT;
  const cols: DataColumn<TaskListRow>[] = [
    { id: 'title', title: t('list.column.title'), sortable: true, hideable: false, cell: (r) => <Title row={r} onOpen={onOpen} /> },
    {
      id: 'status',
      title: t('list.column.status'),
      sortable: true,
      width: 180,
      cell: (r) => (
        <Badge variant="light" color={STATUS_COLOR[r.status]} radius="sm" style={{ textTransform: 'none' }}>
          {t(`status.${r.status}`)}
        </Badge>
      ),
    },
    { id: 'deadline', title: t('list.column.deadline'), sortable: true, width: 150, cell: (r) => <Deadline row={r} /> },
    { id: 'responsible', title: t('list.column.responsible'), sortable: true, cell: (r) => <UserValue user={r.responsible} /> },
    { id: 'creator', title: t('list.column.creator'), defaultVisible: false, visibleFrom: 'md', cell: (r) => <UserValue user={r.creator} /> },
  ];
  if (opts.group !== false) cols.push({ id: 'group', title: t('list.column.group'), visibleFrom: 'md', cell: (r) => (r.group ? <Text size="sm">{r.group.name}</Text> : <EmptyValue />) });
  cols.push(
    {
      id: 'tags',
      title: t('list.column.tags'),
      visibleFrom: 'lg',
      cell: (r) =>
        r.tags.length ? (
          <Group gap={4}>
            {r.tags.map((tag) => (
              <Badge key={tag} size="sm" variant="outline" color="gray" style={{ textTransform: 'none' }}>
                #{tag}
              </Badge>
            ))}
          </Group>
        ) : null,
    },
    { id: 'created', title: t('list.column.created'), sortable: true, defaultVisible: false, cell: (r) => <Text size="sm">{formatDate(r.createdAt)}</Text> },
    { id: 'activity', title: t('list.column.activity'), sortable: true, defaultVisible: false, cell: (r) => <Text size="sm">{formatDateTime(r.activityAt)}</Text> },
  );
  return cols;
}
