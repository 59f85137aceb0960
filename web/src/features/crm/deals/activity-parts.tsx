import { Badge, Checkbox, Group, Text, Tooltip } from '@mantine/core';
import { IconCalendarEvent, IconChecklist, IconMail, IconPhone, IconSquareCheck, IconUsers, type Icon } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ItemActivitySummary } from '@vavilon/contracts';
import { showError, showUndoable } from '../../../ui/toasts';
import { formatDateTime } from '../../../ui/format';
import { setActivityDone, type Activity, type ActivityType } from './activities-api';
import { dealActivityT, useDealActivityT } from './words';

const ICONS: Record<ActivityType, Icon> = { call: IconPhone, meeting: IconUsers, email: IconMail, todo: IconChecklist, task: IconSquareCheck };

/** An activity's type as an icon with its name for screen readers and the tooltip. */
export function ActivityTypeIcon({ type, size = 16 }: { type: ActivityType; size?: number }) {
  const { t } = useDealActivityT();
  const I = ICONS[type] ?? IconCalendarEvent;
  return (
    <Tooltip label={t(`type.${type}`)} withArrow>
      <I size={size} aria-label={t(`type.${type}`)} role="img" style={{ flex: 'none', color: 'var(--mantine-color-blue-6)' }} />
    </Tooltip>
  );
}

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

/** «Выполнено»: completes (or reopens) the activity with a toast that undoes it. */
export function DoneCheckbox({ activity, onChanged }: { activity: Activity; onChanged?: () => void }) {
  const { t } = useDealActivityT();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const toggle = async (completed: boolean) => {
    setBusy(true);
    try {
      const after = await setActivityDone(qc, activity, completed);
      onChanged?.();
      showUndoable(dealActivityT(completed ? 'completed' : 'reopened', { subject: activity.subject }), () => setActivityDone(qc, after, !completed));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Checkbox
      checked={activity.completed}
      disabled={busy || !activity.abilities.edit}
      onChange={(e) => void toggle(e.currentTarget.checked)}
      onClick={(e) => e.stopPropagation()}
      aria-label={t(activity.completed ? 'reopen' : 'complete', { subject: activity.subject })}
    />
  );
}

/** A row of a short activity list (the Kanban card's popover). */
export function ActivityLine({ activity }: { activity: Activity }) {
  return (
    <Group gap={8} wrap="nowrap" align="flex-start">
      <DoneCheckbox activity={activity} />
      <ActivityTypeIcon type={activity.type} />
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" lineClamp={2}>
          {activity.subject}
        </Text>
        <Deadline activity={activity} />
      </div>
    </Group>
  );
}
