import FullCalendar from '@fullcalendar/react';
import type { DateSelectInfo, DatesSetInfo, EventClickInfo, EventDropInfo, EventInput as FcEvent } from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import interactionPlugin from '@fullcalendar/react/interaction';
import listPlugin from '@fullcalendar/react/list';
import enLocale from '@fullcalendar/react/locales/en-gb';
import ruLocale from '@fullcalendar/react/locales/ru';
import classicTheme from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import { Loader, Text } from '@mantine/core';
import type { Calendar, Occurrence, OccurrenceScope } from '@vavilon/contracts';
import { useCallback, useEffect, useMemo, useState, type MutableRefObject } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { showError, showSuccess } from '../../ui/toasts';
import { useOccurrences, useSaveEvent } from './api';
import { useStored } from './stored';
import { ErrorState } from '../../ui/ErrorState';
import { layerColor } from './CalendarSide';
import { EventForm, type FormStart } from './EventForm';
import { EventView } from './EventView';
import { ScopeDialog } from './ScopeDialog';
import { useCalT } from './i18n';
import classes from './calendar.module.css';
import type { CalendarEvent } from '@vavilon/contracts';

const VIEWS = { day: 'timeGridDay', week: 'timeGridWeek', month: 'dayGridMonth', list: 'listMonth' } as const;

// The local day of a FullCalendar day ("2026-12-09").
const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const durationMs = (d: { days: number; milliseconds: number }) => d.days * 86_400_000 + d.milliseconds;

/** The first day of the period the view shows today (no `date` in the address for it). */
function startOf(type: string): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  if (type === 'timeGridWeek') d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  if (type === 'dayGridMonth' || type === 'listMonth') d.setDate(1);
  return d;
}

interface Moved {
  occ: Occurrence;
  startAt: string;
  endAt: string;
  allDay: boolean;
  revert: () => void;
}

export interface CalendarBoardProps {
  /** Every calendar the page knows (colours, names, where a new event may go). */
  calendars: Calendar[];
  /** The calendars whose events are shown. */
  shown: number[];
  /** With the layers of «Мой календарь» (task deadlines). */
  layers: boolean;
  /** Where a clicked free slot's event goes first. */
  defaultCalendarId?: number;
  /** The calendars are still loading. */
  loading: boolean;
  /** The board's «Создать», for the page's header button. */
  createRef?: MutableRefObject<(() => void) | null>;
  /** The grid's height (the page's by default). */
  height?: string;
}

/** The grid of events (day, week, month, list) with drag to move, a click on free time to create, the event's view and form. */
export function CalendarBoard({ calendars, shown, layers: layersOn, defaultCalendarId, loading, createRef, height = 'calc(100vh - 190px)' }: CalendarBoardProps) {
  const { t, i18n } = useCalT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [view, setView] = useStored<keyof typeof VIEWS>('calendar.view', 'week');
  const [range, setRange] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [form, setForm] = useState<FormStart | null>(null);
  const [moved, setMoved] = useState<Moved | null>(null);
  const save = useSaveEvent();
  const byId = useMemo(() => new Map(calendars.map((c) => [c.id, c])), [calendars]);
  const mine = defaultCalendarId !== undefined ? byId.get(defaultCalendarId) : undefined;
  const occ = useOccurrences({ ...range, calendars: shown, layers: layersOn });

  const events = useMemo<FcEvent[]>(() => {
    if (!occ.data || !shown.length) return [];
    const list: FcEvent[] = occ.data.items.map((o) => {
      const color = o.color ?? byId.get(o.calendarId)?.color ?? '#2fc6f6';
      return {
        id: `${o.eventId}|${o.occurrence}`,
        title: o.title,
        start: o.startAt,
        end: o.endAt,
        allDay: o.allDay,
        color,
        editable: o.canEdit,
        extendedProps: { occ: o },
        className: o.myAnswer === 'declined' ? classes.declined : undefined,
      };
    });
    if (layersOn)
      for (const l of occ.data.layers) {
        // A deadline is a moment (half an hour in the grid, its time alone in the list); a plan over several days is a bar over those days.
        const days = l.endAt !== null && localDay(new Date(l.startAt)) !== localDay(new Date(l.endAt));
        list.push({
          id: `layer|${l.id}`,
          title: l.endAt ? l.title : `${t('deadlineMark')}: ${l.title}`,
          start: days ? localDay(new Date(l.startAt)) : l.startAt,
          ...(days ? { end: localDay(new Date(new Date(l.endAt!).getTime() + 86_400_000)), allDay: true } : l.endAt ? { end: l.endAt } : {}),
          color: layerColor(l.layer),
          editable: false,
          extendedProps: { layer: l },
        });
      }
    return list;
  }, [occ.data, shown.length, byId, layersOn, t]);

  const onDates = useCallback(
    (info: DatesSetInfo) => {
      const next = { from: info.start.toISOString(), to: info.end.toISOString() };
      setRange((r) => (r.from === next.from && r.to === next.to ? r : next));
      const key = (Object.entries(VIEWS).find(([, v]) => v === info.view.type)?.[0] ?? 'week') as keyof typeof VIEWS;
      if (key !== view) setView(key);
      // The period stays in the address: a reload or a link shows the same days.
      const day = localDay(info.view.currentStart);
      setParams(
        (p) => {
          if (p.get('date') === day || (!p.get('date') && day === localDay(startOf(info.view.type)))) return p;
          const next = new URLSearchParams(p);
          next.set('date', day);
          return next;
        },
        { replace: true },
      );
    },
    [view, setView, setParams],
  );

  const openEvent = (o: Occurrence) => {
    const next = new URLSearchParams(params);
    next.set('event', String(o.eventId));
    if (o.recurring) next.set('at', o.occurrence);
    else next.delete('at');
    setParams(next);
  };
  const closeEvent = () => {
    const next = new URLSearchParams(params);
    next.delete('event');
    next.delete('at');
    setParams(next);
  };

  const onClick = (info: EventClickInfo) => {
    info.jsEvent.preventDefault();
    const p = info.event.extendedProps as { occ?: Occurrence; layer?: { url: string } };
    if (p.layer) navigate(p.layer.url);
    else if (p.occ) openEvent(p.occ);
  };

  const onSelect = (info: DateSelectInfo) => {
    setForm({ startAt: info.start.toISOString(), endAt: info.end.toISOString(), allDay: info.allDay, calendarId: mine?.id });
  };

  const onChange = (info: EventDropInfo | { event: EventDropInfo['event']; revert: () => void }) => {
    const p = info.event.extendedProps as { occ?: Occurrence };
    if (!p.occ || !info.event.start) return info.revert();
    const start = info.event.start;
    const end = info.event.end ?? new Date(start.getTime() + (info.event.allDay ? 86_400_000 : 3_600_000));
    const m = { occ: p.occ, startAt: start.toISOString(), endAt: end.toISOString(), allDay: info.event.allDay, revert: info.revert };
    if (p.occ.recurring) setMoved(m);
    else void applyMove(m, 'all');
  };

  const applyMove = async (m: Moved, scope: OccurrenceScope) => {
    try {
      const ev = await api.get<CalendarEvent>(`/api/calendar/events/${m.occ.eventId}`);
      let startAt = m.startAt;
      let endAt = m.endAt;
      if (scope === 'all' && m.occ.recurring) {
        // The series moves by as much as the occurrence did.
        const ds = new Date(m.startAt).getTime() - new Date(m.occ.startAt).getTime();
        const de = new Date(m.endAt).getTime() - new Date(m.occ.endAt).getTime();
        startAt = new Date(new Date(ev.startAt).getTime() + ds).toISOString();
        endAt = new Date(new Date(ev.endAt).getTime() + de).toISOString();
      }
      await save.mutateAsync({
        id: m.occ.eventId,
        body: { version: ev.version, startAt, endAt, allDay: m.allDay, ...(m.occ.recurring ? { scope, occurrence: m.occ.occurrence } : {}) },
      });
      showSuccess(t('moved'));
    } catch (e) {
      m.revert();
      showError(e);
    }
  };

  const eventId = Number(params.get('event')) || null;
  const create = () => {
    const start = new Date();
    start.setMinutes(0, 0, 0);
    start.setHours(start.getHours() + 1);
    setForm({ startAt: start.toISOString(), endAt: new Date(start.getTime() + 3_600_000).toISOString(), allDay: false, calendarId: mine?.id });
  };

  useEffect(() => {
    if (createRef) createRef.current = create;
  });

  const empty = occ.data && !occ.isFetching && events.length === 0;
  return (
    <>
      <div className={classes.main} data-testid="calendar-main">
        {occ.error ? <ErrorState error={occ.error} onRetry={() => void occ.refetch()} /> : null}
        {empty && view !== 'list' ? (
          <Text size="sm" c="dimmed" className={classes.emptyLine} data-testid="calendar-empty">
            {t('empty')}. {t('emptyHint')}
          </Text>
        ) : null}
        <div className={classes.calendar} style={{ opacity: occ.isPlaceholderData ? 0.6 : 1 }}>
          <FullCalendar
            plugins={[classicTheme, dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin]}
            locale={i18n.language === 'en' ? enLocale : ruLocale}
            initialView={VIEWS[view]}
            initialDate={params.get('date') ?? undefined}
            headerToolbar={{ start: 'prev,next today', center: 'title', end: 'timeGridDay,timeGridWeek,dayGridMonth,listMonth' }}
            dayText={t('view.day')}
            weekTextLong={t('view.week')}
            weekTextShort={t('view.week')}
            monthText={t('view.month')}
            listText={t('view.list')}
            moreLinkText={(n: number) => t('more', { count: n })}
            todayText={t('today')}
            allDayText={t('allDay')}
            noEventsText={t('empty')}
            firstDay={1}
            height={height}
            nowIndicator
            scrollTime="08:00:00"
            slotMinTime="00:00:00"
            dayMaxEvents
            eventMaxStack={3}
            defaultTimedEventDuration="00:30:00"
            selectable
            selectMirror
            editable
            events={events}
            datesSet={onDates}
            eventClick={onClick}
            select={onSelect}
            eventDrop={onChange}
            eventResize={onChange}
            eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
            slotHeaderFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
            views={{
              timeGridWeek: { titleFormat: { day: 'numeric', month: 'long', year: 'numeric' } },
              timeGridDay: { titleFormat: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } },
              listMonth: { titleFormat: { month: 'long', year: 'numeric' } },
            }}
            // Stable marks for the page's tests and styles (the theme's class names are hashed).
            eventDidMount={(info) => {
              info.el.dataset.event = info.event.title;
              info.el.dataset.layer = (info.event.extendedProps as { layer?: unknown }).layer ? '1' : undefined;
            }}
            dayLaneDidMount={(info) => {
              info.el.dataset.day = localDay(info.date);
            }}
            dayCellDidMount={(info) => {
              info.el.dataset.day = localDay(info.date);
            }}
            slotLaneDidMount={(info) => {
              if (info.time) info.el.dataset.time = String(Math.round(durationMs(info.time) / 60_000));
            }}
          />
        </div>
        {!shown.length && !loading ? (
          <div className={classes.overlay}>
            <div>
              <Text fw={600}>{t('noCalendars')}</Text>
              <Text size="sm" c="dimmed">
                {t('noCalendarsHint')}
              </Text>
            </div>
          </div>
        ) : occ.isPending && shown.length ? (
          <div className={classes.overlay} aria-busy="true">
            <div>
              <Loader size="sm" mr="sm" /> <Text span>{t('loading')}</Text>
            </div>
          </div>
        ) : null}
      </div>
      <EventView id={eventId} occurrence={params.get('at')} calendars={byId} onClose={closeEvent} onEdit={(ev, at) => setForm({ event: ev, occurrence: at })} />
      <EventForm start={form} calendars={calendars.filter((c) => c.canAdd)} onClose={() => setForm(null)} />
      <ScopeDialog
        opened={moved !== null}
        title={t('scopeTitle')}
        onPick={(scope) => {
          const m = moved!;
          setMoved(null);
          void applyMove(m, scope);
        }}
        onCancel={() => {
          moved?.revert();
          setMoved(null);
        }}
      />
    </>
  );
}
