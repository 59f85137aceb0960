import { Anchor, Divider, Group, Skeleton, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import i18n from '../../i18n';
import { useCalendars, useOccurrences } from './api';

const words = {
  ru: { title: 'События на сегодня', none: 'На сегодня событий нет', allDay: 'весь день', busy: 'Занят' },
  en: { title: 'Events today', none: 'No events today', allDay: 'all day', busy: 'Busy' },
};

/** The workday panel's «События на сегодня»: today's meetings and events of the user's calendars, each opening in «Календарь». */
export function TodayEvents() {
  const w = i18n.language === 'en' ? words.en : words.ru;
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start.getTime() + 86_400_000);
  const calendars = useCalendars();
  const ids = (calendars.data?.items ?? []).map((c) => c.id);
  const list = useOccurrences({ from: start.toISOString(), to: end.toISOString(), calendars: ids, layers: false });
  const items = (list.data?.items ?? []).slice().sort((a, b) => a.startAt.localeCompare(b.startAt));
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { hour: '2-digit', minute: '2-digit' });
  return (
    <Stack gap={4} data-testid="workday-today-events">
      <Divider label={w.title} labelPosition="left" />
      {calendars.isPending || (ids.length > 0 && list.isPending) ? (
        <Skeleton h={40} />
      ) : !items.length ? (
        <Text size="sm" c="dimmed">
          {w.none}
        </Text>
      ) : (
        items.slice(0, 5).map((o) => (
          <Group key={`${o.eventId}-${o.occurrence}`} gap={6} wrap="nowrap" justify="space-between">
            <Anchor component={Link} to={`/calendar?date=${start.toLocaleDateString('en-CA')}&event=${o.eventId}`} size="sm" lineClamp={1}>
              {o.busyOnly ? w.busy : o.title}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {o.allDay ? w.allDay : `${time(o.startAt)}–${time(o.endAt)}`}
            </Text>
          </Group>
        ))
      )}
    </Stack>
  );
}
