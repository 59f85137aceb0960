import { Alert, Card, SegmentedControl, Select } from '@mantine/core';
import { useMemo, useState } from 'react';
import { CalendarGrid, CalendarToolbar, addDays, calendarRange, isoDay, parseDay, type CalendarItem } from '../../../ui/calendar';
import { formatTime } from '../../../ui/format';
import { useDealsCalendar } from '../api';
import { formatMoney } from '../format';
import { useCrmT } from '../i18n';
import { useSliderLinkState } from '../list/cells';
import { cardPath } from '../navigation';
import { useDealActivityPage } from './activities-api';
import { useDealActivityT } from './words';

const FIELDS = ['close_date', 'begin_date', 'created_at'] as const;
type Mode = 'activities' | 'dates';
const ACTIVITY_LIMIT = 200;
// Colours of the activity types on the grid, as their icons elsewhere.
const TYPE_COLOR = { call: '#228be6', meeting: '#7950f2', email: '#15aabf', todo: '#fab005', task: '#40c057' } as const;

/**
 * «Календарь»: the activities of the pipeline's deals (calls, meetings, deadlines) on a month grid,
 * or, switched, the deals themselves by close date (or another date field). A click opens the deal.
 */
export function DealsCalendar({ pipelineId }: { pipelineId: number }) {
  const { t } = useCrmT();
  const wa = useDealActivityT().t;
  const state = useSliderLinkState();
  const [month, setMonth] = useState(() => new Date());
  const [mode, setMode] = useState<Mode>('activities');
  const [field, setField] = useState<(typeof FIELDS)[number]>('close_date');
  const range = calendarRange('month', month);
  const cal = useDealsCalendar({ pipelineId, field, from: range.from, to: range.to }, mode === 'dates');
  // The grid's local days as moments: from its first midnight to the midnight after its last day.
  const window = { from: range.first.toISOString(), to: addDays(range.last, 1).toISOString() };
  const acts = useDealActivityPage({ pipelineId, view: 'all', from: window.from, to: window.to, limit: ACTIVITY_LIMIT }, mode === 'activities');

  const dealItems = useMemo<CalendarItem[] | undefined>(
    () =>
      cal.data?.flatMap((d) => {
        // The server gives the day of the chosen field: YYYY-MM-DD, or a timestamp for the creation date.
        const day = parseDay(d.date);
        if (!day) return [];
        const amount = d.amount && d.amount !== '0.00' ? formatMoney(d.amount, d.currency) : null;
        return [{ id: d.id, title: d.title, start: isoDay(day), color: d.stage?.color, meta: [d.stage?.name, amount].filter(Boolean).join(' · '), to: cardPath('deal', d.id), state }];
      }),
    [cal.data, state],
  );
  const activityItems = useMemo<CalendarItem[] | undefined>(
    () =>
      acts.data?.items.flatMap((a) => {
        if (!a.deadline) return [];
        const start = new Date(a.deadline);
        return [
          {
            id: a.id,
            title: a.subject,
            start: isoDay(start),
            time: formatTime(start),
            color: TYPE_COLOR[a.type],
            meta: [wa(`type.${a.type}`), a.owner.title, a.responsible?.fullName].filter(Boolean).join(' · '),
            to: cardPath('deal', a.owner.id),
            state,
            muted: a.completed,
          },
        ];
      }),
    [acts.data, state, wa],
  );
  const activities = mode === 'activities';
  const query = activities ? acts : cal;

  return (
    <Card p={0}>
      <CalendarToolbar view="month" date={month} onDate={setMonth}>
        <SegmentedControl
          size="xs"
          aria-label={wa('calendarMode')}
          value={mode}
          onChange={(v) => setMode(v as Mode)}
          data={[
            { value: 'activities', label: wa('calendarActivities') },
            { value: 'dates', label: wa('calendarDates') },
          ]}
        />
        {activities ? null : (
          <Select
            aria-label={t('calendar.field')}
            data={FIELDS.map((f) => ({ value: f, label: t(`calendar.fields.${f}`) }))}
            value={field}
            onChange={(v) => setField((v as (typeof FIELDS)[number]) ?? 'close_date')}
            allowDeselect={false}
            w={200}
            size="xs"
          />
        )}
      </CalendarToolbar>
      {activities && acts.data?.next ? (
        <Alert color="yellow" variant="light" mx="md" mb="sm" py={6}>
          {wa('truncated', { count: ACTIVITY_LIMIT })}
        </Alert>
      ) : null}
      <CalendarGrid
        label={activities ? wa('calendarMonth') : t('calendar.month')}
        view="month"
        date={month}
        items={activities ? activityItems : dealItems}
        error={query.isError ? query.error : undefined}
        onRetry={() => void query.refetch()}
        stale={query.isPlaceholderData}
        countLabel={(n) => (activities ? wa('calendarCount', { count: n }) : t('calendar.count', { count: n }))}
        agendaLabel={activities ? wa('calendarAgenda') : t('calendar.agenda')}
        emptyText={activities ? wa('calendarEmpty') : t('calendar.empty')}
      />
    </Card>
  );
}
