import { ActionIcon, Badge, Button, Group, NumberInput, Progress, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconClockPlus, IconPlayerPlay, IconPlayerStop, IconTrash } from '@tabler/icons-react';
import type { Task, TaskCard } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { DateTimeInput } from '../../../ui/fields';
import { formatDateTime } from '../../../ui/format';
import { showError } from '../../../ui/toasts';
import { useTasksT } from '../i18n';
import { useCardWrites } from './api';

/** 1:05:09 — hours, minutes, seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds since a moment, ticking every second while shown. */
function useElapsed(since: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!since) return;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [since]);
  return since ? Math.max(0, (now - new Date(since).getTime()) / 1000) : 0;
}

/** The timer button with the live elapsed time; starting it here stops one running on another task. */
export function TimerButton({ task, card }: { task: Task; card: TaskCard }) {
  const { t } = useTasksT();
  const w = useCardWrites(task.id);
  const timer = card.time.timer;
  const here = timer?.taskId === task.id;
  const elapsed = useElapsed(here ? timer!.startedAt : null);
  if (!card.abilities.trackTime) return null;
  if (here)
    return (
      <Button
        color="red"
        variant="light"
        leftSection={<IconPlayerStop size={16} />}
        loading={w.stopTimer.isPending}
        onClick={() => void w.stopTimer.mutateAsync().catch(showError)}
        aria-label={t('time.stop')}
      >
        <span data-testid="timer-elapsed">{clock(elapsed)}</span>
      </Button>
    );
  const btn = (
    <Button variant="default" leftSection={<IconPlayerPlay size={16} />} loading={w.startTimer.isPending} onClick={() => void w.startTimer.mutateAsync().catch(showError)}>
      {t('time.start')}
    </Button>
  );
  return timer ? <Tooltip label={t('time.elsewhere', { title: timer.taskTitle })}>{btn}</Tooltip> : btn;
}

/** «Учёт времени»: spent against the estimate, the entries, and one's own entries by hand. */
export function TimeTracking({ task, card }: { task: Task; card: TaskCard }) {
  const { t } = useTasksT();
  const w = useCardWrites(task.id);
  const { spentSeconds, estimateSeconds, entries, timer } = card.time;
  const running = timer?.taskId === task.id ? timer : null;
  const live = useElapsed(running?.startedAt ?? null);
  const spent = spentSeconds + live;
  const [adding, setAdding] = useState(false);
  const [when, setWhen] = useState<string | null>(() => new Date().toISOString());
  const [hours, setHours] = useState<number>(0);
  const [minutes, setMinutes] = useState<number>(30);
  const [comment, setComment] = useState('');

  const add = async () => {
    const seconds = Math.round(hours * 3600 + minutes * 60);
    if (!when || seconds < 1) return;
    try {
      await w.addTime.mutateAsync({ startedAt: when, seconds, comment: comment.trim() || undefined });
      setAdding(false);
      setComment('');
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Stack gap="sm">
      <Group gap="lg" align="center">
        <div>
          <Text size="xs" c="dimmed">
            {t('time.spent')}
          </Text>
          <Text fw={600} data-testid="time-spent">
            {clock(spent)}
          </Text>
        </div>
        {estimateSeconds ? (
          <div style={{ flex: 1, minWidth: 160 }}>
            <Text size="xs" c="dimmed">
              {t('time.estimate')}: {clock(estimateSeconds)}
              {spent > estimateSeconds ? (
                <Badge ml={6} size="xs" color="red" variant="light">
                  {t('time.over')}
                </Badge>
              ) : null}
            </Text>
            <Progress value={Math.min(100, (spent / estimateSeconds) * 100)} color={spent > estimateSeconds ? 'red' : 'blue'} size="sm" mt={4} aria-label={t('time.estimate')} />
          </div>
        ) : null}
        <Group gap="xs" ml="auto">
          <TimerButton task={task} card={card} />
          {card.abilities.trackTime && !adding ? (
            <Button variant="subtle" leftSection={<IconClockPlus size={16} />} onClick={() => setAdding(true)}>
              {t('time.add')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {adding ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <Group align="flex-end" gap="xs" wrap="wrap">
            <div style={{ width: 200 }}>
              <DateTimeInput label={t('time.date')} value={when} onChange={setWhen} />
            </div>
            <NumberInput label={t('time.hours')} w={80} min={0} max={24 * 31} value={hours} onChange={(v) => setHours(Number(v) || 0)} />
            <NumberInput label={t('time.minutes')} w={90} min={0} max={59} value={minutes} onChange={(v) => setMinutes(Number(v) || 0)} />
            <TextInput label={t('time.comment')} style={{ flex: 1, minWidth: 160 }} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
            <Button type="submit" loading={w.addTime.isPending}>
              {t('time.save')}
            </Button>
            <Button variant="default" onClick={() => setAdding(false)}>
              {t('time.cancel')}
            </Button>
          </Group>
        </form>
      ) : null}
      {entries.length ? (
        <Table fz="sm" verticalSpacing={4} aria-label={t('time.title')}>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDateTime(e.startedAt)}</Table.Td>
                <Table.Td>{e.user?.fullName}</Table.Td>
                <Table.Td fw={600}>{clock(e.seconds)}</Table.Td>
                <Table.Td c="dimmed">{e.comment || t(`time.${e.source}`)}</Table.Td>
                <Table.Td w={40}>
                  {e.mine ? (
                    <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('time.delete')} onClick={() => void w.deleteTime.mutateAsync(e.id).catch(showError)}>
                      <IconTrash size={14} />
                    </ActionIcon>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          {t('time.empty')}
        </Text>
      )}
    </Stack>
  );
}
