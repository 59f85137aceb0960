import { Stack, Table, Text } from '@mantine/core';
import type { Task } from '@vavilon/contracts';
import { formatDateTime } from '../../../ui/format';
import { useTasksT } from '../i18n';
import { useTaskHistory } from './api';

const shown = (v: string | null) => (v === null ? '—' : v.length > 120 ? `${v.slice(0, 120)}…` : v);

/** «История»: every change of the task, who made it and when (the history module's record of its events). */
export function History({ task }: { task: Task }) {
  const { t, i18n } = useTasksT();
  const history = useTaskHistory(task.id, true);
  const people = new Map([task.creator, task.responsible, ...task.accomplices, ...task.auditors].filter((u) => !!u).map((u) => [u!.id, u!.fullName]));
  const label = (key: string, fallback: string) => (i18n.exists(key, { ns: 'tasks' }) ? t(key) : fallback);
  const items = history.data?.items ?? [];
  if (!items.length)
    return (
      <Text size="sm" c="dimmed">
        {history.isLoading ? '…' : t('history.empty')}
      </Text>
    );
  return (
    <Stack gap={0}>
      <Table fz="sm" verticalSpacing={4} aria-label={t('history.title')}>
        <Table.Tbody>
          {items.map((h) => (
            <Table.Tr key={h.id} data-testid="history-row">
              <Table.Td w={150} c="dimmed">
                {formatDateTime(h.createdAt)}
              </Table.Td>
              <Table.Td w={170}>{h.actorId ? (people.get(h.actorId) ?? `#${h.actorId}`) : t('history.system')}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500} span>
                  {label(`history.actions.${h.action}`, h.action)}
                </Text>
                {h.field ? (
                  <Text size="sm" span c="dimmed">
                    {' · '}
                    {label(`history.fields.${h.field}`, h.field)}: {h.field === 'status' ? label(`status.${h.oldValue}`, shown(h.oldValue)) : shown(h.oldValue)} →{' '}
                    {h.field === 'status' ? label(`status.${h.newValue}`, shown(h.newValue)) : shown(h.newValue)}
                  </Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
