import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Calendar } from '@vavilon/contracts';
import { useQueries } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useSession } from '../auth/session';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState } from '../../ui/ErrorState';
import { useDocumentTitle } from '../../ui/use-document-title';
import { calendarKeys, useCalendars } from './api';
import { CalendarBoard } from './CalendarBoard';
import { CalendarSide } from './CalendarSide';
import { useStored } from './stored';
import { useCalT } from './i18n';
import classes from './calendar.module.css';

/** «Календарь»: the user's calendars side by side in a day, week, month or list view; drag to move, click free time to create. */
export default function CalendarPage() {
  const { t } = useCalT();
  useDocumentTitle(t('title'));
  const me = useSession().user;
  const [params, setParams] = useSearchParams();
  const own = useCalendars();
  const [colleagues, setColleagues] = useStored<number[]>(`calendar.colleagues.${me.id}`, []);
  const [hidden, setHidden] = useStored<number[]>(`calendar.hidden.${me.id}`, []);
  const [showLayers, setShowLayers] = useStored<boolean>(`calendar.layers.${me.id}`, true);

  // The profile's «Календарь» (`?user=`): that person's calendar added to the view.
  const userParam = Number(params.get('user')) || null;
  useEffect(() => {
    if (userParam && userParam !== me.id && !colleagues.includes(userParam)) setColleagues((c) => [...c, userParam]);
  }, [userParam, me.id, colleagues, setColleagues]);

  const others = useQueries({
    queries: colleagues.map((userId) => ({
      queryKey: calendarKeys.calendars({ userId }),
      queryFn: () => api.get<{ items: Calendar[] }>('/api/calendar/calendars', { userId }),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const colleagueCalendars = useMemo(() => others.flatMap((q) => q.data?.items ?? []), [others]);
  const calendars = useMemo(() => {
    const seen = new Set<number>();
    return [...(own.data?.items ?? []), ...colleagueCalendars].filter((c) => !seen.has(c.id) && seen.add(c.id));
  }, [own.data, colleagueCalendars]);
  const shown = calendars.filter((c) => !hidden.includes(c.id)).map((c) => c.id);
  const mine = own.data?.items.find((c) => c.kind === 'user' && c.ownerId === me.id);
  const layersOn = showLayers && !!mine && shown.includes(mine.id);
  const createRef = useRef<(() => void) | null>(null);

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => createRef.current?.()}>
            {t('create')}
          </Button>
        }
      />
      {own.error ? <ErrorState error={own.error} onRetry={() => void own.refetch()} /> : null}
      <div className={classes.layout}>
        <CalendarSide
          calendars={calendars}
          loading={own.isPending}
          hidden={hidden}
          onToggle={(id) => setHidden((h) => (h.includes(id) ? h.filter((x) => x !== id) : [...h, id]))}
          layers={showLayers}
          onToggleLayers={() => setShowLayers((v) => !v)}
          meId={me.id}
          colleagues={colleagues}
          onAddColleague={(id) => setColleagues((c) => (c.includes(id) || id === me.id ? c : [...c, id]))}
          onRemoveColleague={(id) => {
            setColleagues((c) => c.filter((x) => x !== id));
            if (userParam === id) {
              const next = new URLSearchParams(params);
              next.delete('user');
              setParams(next);
            }
          }}
        />
        <CalendarBoard
          calendars={calendars}
          shown={shown}
          layers={layersOn}
          defaultCalendarId={mine && shown.includes(mine.id) ? mine.id : calendars.find((c) => c.canAdd)?.id}
          loading={own.isPending}
          createRef={createRef}
        />
      </div>
    </>
  );
}
