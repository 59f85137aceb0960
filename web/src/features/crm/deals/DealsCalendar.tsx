import { ActionIcon, Button, Card, Group, Select, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../../ui/ErrorState';
import { currentLocale } from '../../../i18n';
import { useDealsCalendar, type CalendarDeal } from '../api';
import { formatMoney, isoDay, parseDay } from '../format';
import { useCrmT } from '../i18n';
import { useSliderLinkState } from '../list/cells';
import { cardPath } from '../navigation';
import classes from '../crm.module.css';

const FIELDS = ['close_date', 'begin_date', 'created_at'] as const;

/** «Календарь»: the pipeline's deals on a month grid by close date (or another date field). */
export function DealsCalendar({ pipelineId }: { pipelineId: number }) {
  const { t } = useCrmT();
  const state = useSliderLinkState();
  const [month, setMonth] = useState(() => {
    const d = new Date();
    return new Date(d.getFullYear(), d.getMonth(), 1);
  });
  const [field, setField] = useState<(typeof FIELDS)[number]>('close_date');
  // On a phone a day is too narrow for titles: the grid shows marks, and the month's deals follow as a list by day.
  const phone = useMediaQuery('(max-width: 768px)') ?? false;

  // Monday-first weeks covering the month.
  const days = useMemo(() => {
    const first = new Date(month);
    const shift = (first.getDay() + 6) % 7;
    const start = new Date(first.getFullYear(), first.getMonth(), 1 - shift);
    const last = new Date(month.getFullYear(), month.getMonth() + 1, 0);
    const weeks = Math.ceil((shift + last.getDate()) / 7);
    return Array.from({ length: weeks * 7 }, (_, i) => new Date(start.getFullYear(), start.getMonth(), start.getDate() + i));
  }, [month]);
  const from = isoDay(days[0]!);
  const to = isoDay(days[days.length - 1]!);
  const cal = useDealsCalendar({ pipelineId, field, from, to });

  const byDay = useMemo(() => {
    const map = new Map<string, CalendarDeal[]>();
    for (const d of cal.data ?? []) {
      // The server gives the day of the chosen field: YYYY-MM-DD, or a timestamp for the creation date.
      const parsed = parseDay(d.date);
      const day = parsed ? isoDay(parsed) : null;
      if (!day) continue;
      map.set(day, [...(map.get(day) ?? []), d]);
    }
    return map;
  }, [cal.data, field]);

  const locale = currentLocale();
  const monthTitle = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(month).replace(/\s*г\.$/, '');
  const weekdays = days.slice(0, 7).map((d) => new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(d));
  const today = isoDay(new Date());
  const total = cal.data?.length ?? 0;

  return (
    <Card p={0}>
      <Group justify="space-between" p="sm" px="md" wrap="wrap" gap="sm">
        <Group gap="xs">
          <ActionIcon variant="default" aria-label={t('calendar.prev')} onClick={() => setMonth(new Date(month.getFullYear(), month.getMonth() - 1, 1))}>
            <IconChevronLeft size={16} />
          </ActionIcon>
          <ActionIcon variant="default" aria-label={t('calendar.next')} onClick={() => setMonth(new Date(month.getFullYear(), month.getMonth() + 1, 1))}>
            <IconChevronRight size={16} />
          </ActionIcon>
          <Button variant="default" size="xs" onClick={() => setMonth(new Date(new Date().getFullYear(), new Date().getMonth(), 1))}>
            {t('calendar.today')}
          </Button>
          <Title order={2} fz="lg" fw={600} ml="xs" style={{ textTransform: 'capitalize' }} aria-live="polite">
            {monthTitle}
          </Title>
        </Group>
        <Select
          aria-label={t('calendar.field')}
          data={FIELDS.map((f) => ({ value: f, label: t(`calendar.fields.${f}`) }))}
          value={field}
          onChange={(v) => setField((v as (typeof FIELDS)[number]) ?? 'close_date')}
          allowDeselect={false}
          w={200}
          size="xs"
        />
      </Group>
      {cal.isError && !cal.data ? (
        <ErrorState error={cal.error} onRetry={() => void cal.refetch()} />
      ) : (
        <div className={classes.calGrid} role="grid" aria-label={t('calendar.month')} style={{ opacity: cal.isPlaceholderData ? 0.6 : 1 }}>
          {weekdays.map((w, i) => (
            <div key={i} className={classes.calHead} role="columnheader">
              {w}
            </div>
          ))}
          {days.map((d) => {
            const key = isoDay(d);
            const items = byDay.get(key) ?? [];
            const outside = d.getMonth() !== month.getMonth();
            return (
              <div
                key={key}
                className={classes.calDay}
                data-outside={outside || undefined}
                data-today={key === today || undefined}
                role="gridcell"
                aria-label={d.toLocaleDateString(locale, { day: 'numeric', month: 'long' })}
              >
                <span className={classes.calNum}>{d.getDate()}</span>
                {!cal.data ? (
                  d.getDate() % 5 === 0 ? (
                    <Skeleton h={16} />
                  ) : null
                ) : (
                  <>
                    {phone ? (
                      items.length ? (
                        <span className={classes.calMarks} aria-label={t('calendar.count', { count: items.length })}>
                          {items.slice(0, 4).map((deal) => (
                            <span key={deal.id} className={classes.calMark} style={{ background: deal.stage?.color }} />
                          ))}
                        </span>
                      ) : null
                    ) : null}
                    {(phone ? [] : items.slice(0, 3)).map((deal) => (
                      <Tooltip key={deal.id} label={`${deal.title}${deal.amount ? ` · ${formatMoney(deal.amount, deal.currency)}` : ''}`} openDelay={300}>
                        <Link to={cardPath('deal', deal.id)} state={state} className={classes.calEvent} style={{ ['--stage-color' as string]: deal.stage?.color }}>
                          {deal.title}
                        </Link>
                      </Tooltip>
                    ))}
                    {!phone && items.length > 3 ? (
                      <Text size="xs" c="dimmed" pl={4}>
                        {t('calendar.more', { count: items.length - 3 })}
                      </Text>
                    ) : null}
                  </>
                )}
              </div>
            );
          })}
        </div>
      )}
      {phone && cal.data && total > 0 ? (
        <Stack gap={0} component="ol" aria-label={t('calendar.agenda')} className={classes.calAgenda}>
          {days
            .filter((d) => d.getMonth() === month.getMonth() && byDay.has(isoDay(d)))
            .map((d) => (
              <li key={isoDay(d)}>
                <Text size="xs" fw={700} c="gray.7" tt="uppercase" mb={4}>
                  {d.toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'long' })}
                </Text>
                <Stack gap={4}>
                  {byDay.get(isoDay(d))!.map((deal) => (
                    <Link key={deal.id} to={cardPath('deal', deal.id)} state={state} className={classes.calAgendaItem} style={{ ['--stage-color' as string]: deal.stage?.color }}>
                      <span>{deal.title}</span>
                      <Text span size="xs" c="dimmed">
                        {[deal.stage?.name, deal.amount && deal.amount !== '0.00' ? formatMoney(deal.amount, deal.currency) : null].filter(Boolean).join(' · ')}
                      </Text>
                    </Link>
                  ))}
                </Stack>
              </li>
            ))}
        </Stack>
      ) : null}
      {cal.data && total === 0 ? (
        <Text size="sm" c="dimmed" ta="center" p="md">
          {t('calendar.empty')}
        </Text>
      ) : null}
    </Card>
  );
}
