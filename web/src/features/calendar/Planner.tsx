import { Button, Card, Group, Text } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from '../../api/client';
import { showError, showInfo } from '../../ui/toasts';
import { usePlanner, type PlannerData } from './api';
import { whenText } from './format';
import { useCalT } from './i18n';
import classes from './calendar.module.css';

const FROM_H = 8;
const HOURS = 12;

function dayAt(d: Date, h: number): Date {
  const x = new Date(d);
  x.setHours(h, 0, 0, 0);
  return x;
}

/**
 * The planner: the attendees' and the room's busy time on the event's day (8:00–20:00) with the
 * event's own time framed; «Найти свободное время» takes the server's first free slot of the
 * event's length, day by day over the next week within working hours.
 */
export function Planner({
  people,
  room,
  startAt,
  endAt,
  onPick,
}: {
  people: { id: number; name: string }[];
  room: { id: number; name: string } | null;
  startAt: string;
  endAt: string;
  onPick: (startAt: string, endAt: string) => void;
}) {
  const { t, i18n } = useCalT();
  const start = new Date(startAt);
  const dayStart = dayAt(start, FROM_H);
  const dayEnd = dayAt(start, FROM_H + HOURS);
  const userIds = people.map((p) => p.id);
  const roomIds = room ? [room.id] : [];
  const q = usePlanner(Number.isNaN(start.getTime()) ? null : { from: dayStart.toISOString(), to: dayEnd.toISOString(), userIds, roomIds, minutes: 15 });
  const [finding, setFinding] = useState(false);
  const span = dayEnd.getTime() - dayStart.getTime();
  const pos = (a: string, b: string) => {
    const l = Math.max(0, (new Date(a).getTime() - dayStart.getTime()) / span);
    const r = Math.min(1, (new Date(b).getTime() - dayStart.getTime()) / span);
    return r > l ? { left: `${l * 100}%`, width: `${(r - l) * 100}%` } : null;
  };
  const minutes = Math.max(15, Math.round((new Date(endAt).getTime() - start.getTime()) / 60_000));

  const find = async () => {
    setFinding(true);
    try {
      const now = Date.now();
      for (let i = 0; i < 7; i++) {
        const d = new Date(start.getTime() + i * 86_400_000);
        const from = Math.max(dayAt(d, FROM_H).getTime(), i === 0 ? Math.min(start.getTime(), dayAt(d, FROM_H + HOURS).getTime()) : 0, now);
        const to = dayAt(d, FROM_H + HOURS).getTime();
        if (from + minutes * 60_000 > to) continue;
        const res = await api.get<PlannerData>('/api/calendar/planner', {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          minutes: String(minutes),
          ...(userIds.length ? { userIds: userIds.join(',') } : {}),
          ...(roomIds.length ? { roomIds: roomIds.join(',') } : {}),
        });
        if (res.firstFree) {
          onPick(res.firstFree.startAt, res.firstFree.endAt);
          showInfo(t('freeFound', { time: whenText(res.firstFree.startAt, res.firstFree.endAt, false, i18n.language) }));
          return;
        }
      }
      showInfo(t('noFree'));
    } catch (e) {
      showError(e);
    } finally {
      setFinding(false);
    }
  };

  const rows = [...people.map((p) => ({ kind: 'user' as const, id: p.id, name: p.name })), ...(room ? [{ kind: 'room' as const, id: room.id, name: room.name }] : [])];
  const slot = pos(startAt, endAt);
  return (
    <Card withBorder radius="md" p="md" data-testid="planner">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <div>
          <Text fw={600} size="sm">
            {t('planner')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('plannerHint')} · {start.toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { weekday: 'long', day: 'numeric', month: 'long' })}
          </Text>
        </div>
        <Button size="xs" variant="light" leftSection={<IconSearch size={14} />} loading={finding} onClick={() => void find()} disabled={!rows.length}>
          {t('findFree')}
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('plannerEmpty')}
        </Text>
      ) : (
        <div className={classes.timeline} style={{ opacity: q.isPlaceholderData ? 0.6 : 1 }}>
          <div />
          <div className={classes.timelineHead}>
            {Array.from({ length: HOURS + 1 }, (_, i) => (
              <span key={i} style={{ left: `${(i / HOURS) * 100}%`, display: i === 0 || i === HOURS ? 'none' : undefined }}>
                {FROM_H + i}
              </span>
            ))}
          </div>
          {rows.map((r) => (
            <PlannerRow key={`${r.kind}${r.id}`} name={r.name} busy={(q.data?.busy ?? []).filter((b) => b.kind === r.kind && b.id === r.id)} pos={pos} slot={slot} />
          ))}
        </div>
      )}
    </Card>
  );
}

function PlannerRow({
  name,
  busy,
  pos,
  slot,
}: {
  name: string;
  busy: PlannerData['busy'];
  pos: (a: string, b: string) => { left: string; width: string } | null;
  slot: { left: string; width: string } | null;
}) {
  const { t } = useCalT();
  return (
    <>
      <div className={classes.timelineName} title={name}>
        {name}
      </div>
      <div className={classes.timelineRow} role="img" aria-label={`${name}: ${busy.length ? t('busy') : '—'}`}>
        {busy.map((b, i) => {
          const p = pos(b.startAt, b.endAt);
          return p ? <div key={i} className={classes.busy} style={p} title={t('busy')} /> : null;
        })}
        {slot ? <div className={classes.slot} style={slot} title={t('thisEvent')} /> : null}
      </div>
    </>
  );
}
