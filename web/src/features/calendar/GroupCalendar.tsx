import { Button, Group } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useRef } from 'react';
import { ErrorState } from '../../ui/ErrorState';
import { useCalendars } from './api';
import { CalendarBoard } from './CalendarBoard';
import { useCalT } from './i18n';

/** A group's «Календарь» tab: the group's calendar alone, its members adding events to it. */
export function GroupCalendar({ groupId }: { groupId: number }) {
  const { t } = useCalT();
  const q = useCalendars({ groupId });
  const createRef = useRef<(() => void) | null>(null);
  const cal = q.data?.items[0];
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div data-testid="group-calendar">
      {cal?.canAdd ? (
        <Group justify="flex-end" mb="sm">
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => createRef.current?.()}>
            {t('create')}
          </Button>
        </Group>
      ) : null}
      <CalendarBoard
        calendars={q.data?.items ?? []}
        shown={cal ? [cal.id] : []}
        layers={false}
        defaultCalendarId={cal?.canAdd ? cal.id : undefined}
        loading={q.isPending}
        createRef={createRef}
        height="70vh"
      />
    </div>
  );
}
