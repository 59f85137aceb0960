import { DndContext, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { ActionIcon, Button, Group, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router';
import { currentLocale } from '../../i18n';
import { ErrorState } from '../ErrorState';
import { useKitT } from '../kit-i18n';
import { calendarRange, daysBetween, isoDay, layoutRow, shiftDay, stepDate, type CalendarItem, type CalendarView, type Segment } from './model';
import classes from './calendar.module.css';

export interface CalendarGridProps<I extends CalendarItem> {
  /** The grid's accessible name («Календарь сделок»). */
  label: string;
  view: CalendarView;
  /** A day of the period shown. */
  date: Date;
  /** undefined while loading. */
  items: I[] | undefined;
  error?: unknown;
  onRetry?: () => void;
  /** The items are the previous period's: dimmed. */
  stale?: boolean;
  /** A click on an item without a link. */
  onOpen?: (item: I) => void;
  /** Moves a dragged item to another day (its first day becomes `day`); a rejection puts it back with the reason. */
  onMove?: (item: I, day: string) => Promise<unknown>;
  /** «ещё N» of a day opens it (the page switches to the day). */
  onShowDay?: (day: Date) => void;
  /** The phone's marks of a day («3 сделки»). */
  countLabel?: (n: number) => string;
  /** The phone's list of the period's items by day. */
  agendaLabel?: string;
  emptyText?: string;
  /** Lanes a row of the month shows before «ещё N». */
  maxLanes?: number;
}

/** Days in rows (a month of weeks, a week, a day) with items on them and bars across days; items may be dragged to another day. */
export function CalendarGrid<I extends CalendarItem>(props: CalendarGridProps<I>) {
  const { label, view, date, items: given, error, onRetry, stale, onOpen, onMove, onShowDay, countLabel, agendaLabel, emptyText, maxLanes = 3 } = props;
  const { t } = useKitT();
  const locale = currentLocale();
  const phone = useMediaQuery('(max-width: 768px)') ?? false;
  const range = useMemo(() => calendarRange(view, date), [view, date]);
  // Items moved here and waiting for the server: shown on their new days.
  const [moved, setMoved] = useState<Map<string, { start: string; end?: string }>>(new Map());
  const items = useMemo(() => (given ?? []).map((i) => ({ ...i, ...moved.get(String(i.id)) }) as I), [given, moved]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));
  const today = isoDay(new Date());
  const lanes = view === 'month' ? maxLanes : Infinity;
  const draggable = (i: I) => Boolean(onMove && i.draggable);

  const onDragEnd = async (e: DragEndEvent) => {
    const item = e.active.data.current?.item as I | undefined;
    const over = e.over?.id ? String(e.over.id) : '';
    if (!item || !onMove || !over.startsWith('day-')) return;
    const day = over.slice(4);
    const by = daysBetween(item.start, day);
    if (by === 0) return;
    const key = String(item.id);
    setMoved((m) => new Map(m).set(key, { start: day, end: item.end ? shiftDay(item.end, by) : undefined }));
    try {
      await onMove(item, day);
    } catch (err) {
      notifications.show({ color: 'red', icon: <IconAlertTriangle size={18} />, title: item.title, message: err instanceof Error ? err.message : String(err), autoClose: 8000 });
    } finally {
      setMoved((m) => {
        const n = new Map(m);
        n.delete(key);
        return n;
      });
    }
  };

  if (error && !given) return <ErrorState error={error} onRetry={onRetry} />;
  const cols = range.weeks[0]!.length;
  const weekdays = range.weeks[0]!.map((d) => new Intl.DateTimeFormat(locale, view === 'month' ? { weekday: 'short' } : { weekday: 'short', day: 'numeric', month: 'short' }).format(d));
  const inPeriod = (d: Date) => view !== 'month' || d.getMonth() === date.getMonth();
  const byDay = (day: string) => items.filter((i) => i.start <= day && (i.end ?? i.start) >= day);

  return (
    <>
      <DndContext sensors={sensors} onDragEnd={(e) => void onDragEnd(e)}>
        <div className={classes.grid} role="grid" aria-label={label} aria-busy={!given || undefined} style={{ opacity: stale ? 0.6 : 1, ['--cols' as string]: cols }}>
          <div className={classes.head} role="row">
            {weekdays.map((w, i) => (
              <div key={i} className={classes.headCell} role="columnheader">
                {w}
              </div>
            ))}
          </div>
          {range.weeks.map((week) => {
            const row = week.map(isoDay);
            const segs = phone || !given ? [] : layoutRow(row, items);
            const shown = segs.filter((s) => s.lane < lanes);
            const used = shown.reduce((m, s) => Math.max(m, s.lane + 1), 0);
            const hidden = row.map((_, c) => segs.filter((s) => s.lane >= lanes && s.from <= c && s.to >= c).length);
            const moreRow = hidden.some((n) => n > 0) ? 1 : 0;
            const style = {
              gridTemplateRows: `26px ${used ? `repeat(${used}, auto) ` : ''}${moreRow ? 'auto ' : ''}1fr`,
              ['--row-min' as string]: view === 'month' ? '112px' : '420px',
            } as CSSProperties;
            return (
              <div key={row[0]} className={classes.row} role="row" style={style}>
                {week.map((d, c) => (
                  <DayCell
                    key={row[c]}
                    day={row[c]!}
                    column={c}
                    outside={!inPeriod(d)}
                    today={row[c] === today}
                    label={d.toLocaleDateString(locale, { day: 'numeric', month: 'long' })}
                    number={d.getDate()}
                    droppable={Boolean(onMove)}
                  >
                    {!given && d.getDate() % 5 === 0 ? <Skeleton h={16} w="100%" mt={4} /> : null}
                    {phone && given ? <Marks items={byDay(row[c]!)} label={countLabel} /> : null}
                  </DayCell>
                ))}
                {shown.map((s) => (
                  <ItemChip key={`${s.item.id}-${row[0]}`} seg={s} rowKey={row[0]!} draggable={draggable(s.item)} onOpen={onOpen} />
                ))}
                {hidden.map((n, c) =>
                  n > 0 ? (
                    <div key={`more-${c}`} className={classes.more} style={{ gridColumn: c + 1, gridRow: used + 2 }}>
                      {onShowDay ? (
                        <Button variant="subtle" size="compact-xs" onClick={() => onShowDay(week[c]!)}>
                          {t('calendar.more', { count: n })}
                        </Button>
                      ) : (
                        t('calendar.more', { count: n })
                      )}
                    </div>
                  ) : null,
                )}
              </div>
            );
          })}
        </div>
      </DndContext>
      {phone && given && items.length > 0 ? <Agenda weeks={range.weeks} inPeriod={inPeriod} byDay={byDay} label={agendaLabel ?? label} onOpen={onOpen} /> : null}
      {given && items.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" p="md">
          {emptyText ?? t('calendar.empty')}
        </Text>
      ) : null}
    </>
  );
}

function DayCell(props: { day: string; column: number; outside: boolean; today: boolean; label: string; number: number; droppable: boolean; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: `day-${props.day}`, disabled: !props.droppable });
  return (
    <div
      ref={setNodeRef}
      className={classes.day}
      style={{ gridColumn: props.column + 1 }}
      data-outside={props.outside || undefined}
      data-today={props.today || undefined}
      data-over={isOver || undefined}
      data-day={props.day}
      role="gridcell"
      aria-label={props.label}
    >
      <span className={classes.num}>{props.number}</span>
      {props.children}
    </div>
  );
}

function ItemChip<I extends CalendarItem>({ seg, rowKey, draggable, onOpen }: { seg: Segment<I>; rowKey: string; draggable: boolean; onOpen?: (item: I) => void }) {
  const { item } = seg;
  const drag = useDraggable({ id: `item-${item.id}-${rowKey}`, data: { item }, disabled: !draggable });
  const bar = (item.end ?? item.start) > item.start;
  const common = {
    ref: drag.setNodeRef,
    className: classes.item,
    title: [item.title, item.meta].filter(Boolean).join(' · '),
    style: { gridColumn: `${seg.from + 1} / ${seg.to + 2}`, gridRow: seg.lane + 2, ['--item-color' as string]: item.color } as CSSProperties,
    'data-bar': bar || undefined,
    'data-before': seg.continuesBefore || undefined,
    'data-after': seg.continuesAfter || undefined,
    'data-muted': item.muted || undefined,
    'data-dragging': drag.isDragging || undefined,
    ...(draggable ? { ...drag.listeners, ...drag.attributes, 'aria-roledescription': undefined } : {}),
  };
  const body = (
    <>
      {item.time ? <span className={classes.time}>{item.time}</span> : null}
      {item.time ? ' ' : null}
      {item.title}
    </>
  );
  if (item.to)
    return (
      <Link {...common} to={item.to} state={item.state} draggable={false}>
        {body}
      </Link>
    );
  return (
    <button {...common} type="button" onClick={() => onOpen?.(item)}>
      {body}
    </button>
  );
}

function Marks({ items, label }: { items: CalendarItem[]; label?: (n: number) => string }) {
  if (!items.length) return null;
  return (
    <span className={classes.marks} aria-label={label ? label(items.length) : String(items.length)}>
      {items.slice(0, 4).map((i) => (
        <span key={i.id} className={classes.mark} style={{ ['--mark-color' as string]: i.color }} />
      ))}
    </span>
  );
}

function Agenda<I extends CalendarItem>({
  weeks,
  inPeriod,
  byDay,
  label,
  onOpen,
}: {
  weeks: Date[][];
  inPeriod: (d: Date) => boolean;
  byDay: (day: string) => I[];
  label: string;
  onOpen?: (item: I) => void;
}) {
  const locale = currentLocale();
  const days = weeks.flat().filter((d) => inPeriod(d) && byDay(isoDay(d)).length > 0);
  return (
    <Stack gap={0} component="ol" aria-label={label} className={classes.agenda}>
      {days.map((d) => (
        <li key={isoDay(d)}>
          <Text size="xs" fw={700} c="gray.7" tt="uppercase" mb={4}>
            {d.toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'long' })}
          </Text>
          <Stack gap={4}>
            {byDay(isoDay(d)).map((i) => {
              const inner = (
                <>
                  <span>{i.time ? `${i.time} ${i.title}` : i.title}</span>
                  {i.meta ? (
                    <Text span size="xs" c="dimmed">
                      {i.meta}
                    </Text>
                  ) : null}
                </>
              );
              const style = { ['--item-color' as string]: i.color } as CSSProperties;
              return i.to ? (
                <Link key={i.id} to={i.to} state={i.state} className={classes.agendaItem} style={style}>
                  {inner}
                </Link>
              ) : (
                <button key={i.id} type="button" className={classes.agendaItem} style={style} onClick={() => onOpen?.(i)}>
                  {inner}
                </button>
              );
            })}
          </Stack>
        </li>
      ))}
    </Stack>
  );
}

/** The period's title: «декабрь 2026», «30 ноября – 6 декабря 2026», «среда, 2 декабря 2026». */
export function periodTitle(view: CalendarView, date: Date, locale = currentLocale()): string {
  if (view === 'month') return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(date).replace(/\s*г\.$/, '');
  if (view === 'day') return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date).replace(/\s*г\.$/, '');
  const { first, last } = calendarRange('week', date);
  const f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
  return f.formatRange(first, last).replace(/\s*г\.$/, '');
}

/** The calendar's head: back, forward, «Сегодня», the period's title, the scale (when several views are offered) and the page's own controls. */
export function CalendarToolbar({
  view,
  date,
  onDate,
  views,
  onView,
  children,
}: {
  view: CalendarView;
  date: Date;
  onDate: (d: Date) => void;
  views?: CalendarView[];
  onView?: (v: CalendarView) => void;
  children?: ReactNode;
}) {
  const { t } = useKitT();
  return (
    <Group justify="space-between" p="sm" px="md" wrap="wrap" gap="sm">
      <Group gap="xs">
        <ActionIcon variant="default" aria-label={t(`calendar.prev.${view}`)} onClick={() => onDate(stepDate(view, date, -1))}>
          <IconChevronLeft size={16} />
        </ActionIcon>
        <ActionIcon variant="default" aria-label={t(`calendar.next.${view}`)} onClick={() => onDate(stepDate(view, date, 1))}>
          <IconChevronRight size={16} />
        </ActionIcon>
        <Button variant="default" size="xs" onClick={() => onDate(new Date())}>
          {t('calendar.today')}
        </Button>
        <Title order={2} fz="lg" fw={600} ml="xs" style={{ textTransform: view === 'month' ? 'capitalize' : undefined }} aria-live="polite">
          {periodTitle(view, date)}
        </Title>
      </Group>
      <Group gap="sm">
        {children}
        {views && views.length > 1 && onView ? (
          <SegmentedControl
            size="xs"
            aria-label={t('calendar.views')}
            value={view}
            onChange={(v) => onView(v as CalendarView)}
            data={views.map((v) => ({ value: v, label: t(`calendar.view.${v}`) }))}
          />
        ) : null}
      </Group>
    </Group>
  );
}
