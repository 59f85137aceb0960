import { Card, Select } from '@mantine/core';
import { useMemo, useState } from 'react';
import { CalendarGrid, CalendarToolbar, calendarRange, isoDay, parseDay, type CalendarItem } from '../../../ui/calendar';
import { useDealsCalendar } from '../api';
import { formatMoney } from '../format';
import { useCrmT } from '../i18n';
import { useSliderLinkState } from '../list/cells';
import { cardPath } from '../navigation';

const FIELDS = ['close_date', 'begin_date', 'created_at'] as const;

/** «Календарь»: the pipeline's deals on a month grid by close date (or another date field). */
export function DealsCalendar({ pipelineId }: { pipelineId: number }) {
  const { t } = useCrmT();
  const state = useSliderLinkState();
  const [month, setMonth] = useState(() => new Date());
  const [field, setField] = useState<(typeof FIELDS)[number]>('close_date');
  const range = calendarRange('month', month);
  const cal = useDealsCalendar({ pipelineId, field, from: range.from, to: range.to });

  const items = useMemo<CalendarItem[] | undefined>(
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

  return (
    <Card p={0}>
      <CalendarToolbar view="month" date={month} onDate={setMonth}>
        <Select
          aria-label={t('calendar.field')}
          data={FIELDS.map((f) => ({ value: f, label: t(`calendar.fields.${f}`) }))}
          value={field}
          onChange={(v) => setField((v as (typeof FIELDS)[number]) ?? 'close_date')}
          allowDeselect={false}
          w={200}
          size="xs"
        />
      </CalendarToolbar>
      <CalendarGrid
        label={t('calendar.month')}
        view="month"
        date={month}
        items={items}
        error={cal.isError ? cal.error : undefined}
        onRetry={() => void cal.refetch()}
        stale={cal.isPlaceholderData}
        countLabel={(n) => t('calendar.count', { count: n })}
        agendaLabel={t('calendar.agenda')}
        emptyText={t('calendar.empty')}
      />
    </Card>
  );
}
