import { Badge, Group, Text } from '@mantine/core';
import type { ItemActivitySummary } from '@vavilon/contracts';
import { formatDateTime } from '../../../ui/format';
import { CompleteBox, TypeIcon } from '../../activities';
import type { Activity } from './activities-api';
import { useDealActivityT } from './words';

/** A deadline; overdue in red, none as «Без срока». */
export function Deadline({ activity }: { activity: Pick<Activity, 'deadline' | 'overdue'> }) {
  const { t } = useDealActivityT();
  if (!activity.deadline)
    return (
      <Text span size="sm" c="dimmed">
        {t('noDeadline')}
      </Text>
    );
  return (
    <Text span size="sm" c={activity.overdue ? 'red' : undefined} fw={activity.overdue ? 600 : undefined} style={{ whiteSpace: 'nowrap' }}>
      {formatDateTime(activity.deadline, { today: t('today'), yesterday: t('yesterday') })}
    </Text>
  );
}

/** The list's «Дела» cell: how many are planned, the nearest deadline; overdue ones in red. */
export function ActivityCount({ value }: { value: ItemActivitySummary | null | undefined }) {
  const { t } = useDealActivityT();
  if (!value?.planned)
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  const overdue = value.overdue > 0;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Badge size="sm" variant="light" color={overdue ? 'red' : 'blue'} title={overdue ? t('badgeOverdue', { count: value.overdue }) : undefined}>
        {value.planned}
      </Badge>
      {value.nearest ? (
        <Text span size="xs" c={overdue ? 'red' : 'dimmed'} ml={6}>
          {formatDateTime(value.nearest, { today: t('today'), yesterday: t('yesterday') })}
        </Text>
      ) : null}
    </span>
  );
}

/** A row of a short activity list (the Kanban card's popover). */
export function ActivityLine({ activity }: { activity: Activity }) {
  return (
    <Group gap={8} wrap="nowrap" align="flex-start">
      <CompleteBox activity={activity} />
      <TypeIcon activity={activity} size={20} />
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" lineClamp={2}>
          {activity.subject}
        </Text>
        <Deadline activity={activity} />
      </div>
    </Group>
  );
}
